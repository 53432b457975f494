package io.stablepay.infra;

import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.constructs.Construct;

/**
 * The chain watcher ({@link Handler#CHAIN_WATCHER}): EventBridge Scheduler invokes it every minute,
 * and each run reads every served network's new blocks for deposits to users' addresses and
 * payments through the gateway contract, credits them at the network's confirmation depth and
 * undoes what a reorg dropped. It reads and writes the table and uses no key; one run at a time is
 * enough (overlaps are safe, only wasted), and a run ends within the minute.
 */
public final class ChainWatcher extends Construct {

  /**
   * @param wallet what every function of the platform is built from (jars, table, chains)
   */
  public record Props(WalletApi.Props wallet) {

    public Props {
      Objects.requireNonNull(wallet, "wallet");
    }
  }

  private final ApiFunction function;
  private final Schedule schedule;

  public ChainWatcher(Construct scope, String id, Props props) {
    super(scope, id);
    function =
        new ApiFunction(
            this,
            "Watcher",
            WalletApi.settings(props.wallet(), Handler.CHAIN_WATCHER).timeoutSeconds(55).build());
    props.wallet().table().grantReadWriteData(function.role());
    schedule =
        Schedule.Builder.create(this, "WatcherSchedule")
            .description("StablePay chain watcher: one scan of every served network a minute")
            .schedule(ScheduleExpression.rate(Duration.minutes(1)))
            .target(
                new LambdaInvoke(
                    function.live(),
                    ScheduleTargetBaseProps.builder()
                        .retryAttempts(0) // the next run a minute later is the retry
                        .maxEventAge(Duration.minutes(1))
                        .build()))
            .build();
    NagSuppressions.addResourceSuppressions(
        function.role(), List.of(DataTable.indexWildcardSuppression()), true);
  }

  public ApiFunction function() {
    return function;
  }

  public Schedule schedule() {
    return schedule;
  }
}

package io.stablepay.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;

/**
 * The deployed EventBridge Scheduler schedules, sooner: every schedule the stack created in the
 * emulator invokes its target (the function's live alias, with the schedule's input) through the
 * emulator's Lambda API, as the scheduler would, but a minute's rate every second and an hour's
 * every three seconds, so the chains' blocks, withdrawals and webhooks move at the pace of a test.
 * The emulator's own scheduler still runs each one at its real rate too, which is safe: every
 * scheduled function tolerates overlapping runs. Each schedule's runs follow one another.
 */
final class LocalScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalScheduler.class);
  private static final Pattern RATE =
      Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours)\\)");

  private final ScheduledExecutorService runs =
      Executors.newScheduledThreadPool(0, Thread.ofVirtual().name("local-schedule-", 0).factory());
  private final SchedulerClient scheduler;
  private final LambdaClient lambda;
  private final List<String> started = new ArrayList<>();

  private LocalScheduler(String emulatorEndpoint) {
    scheduler = LocalStack.emulatorClient(SchedulerClient.builder(), emulatorEndpoint);
    lambda = LocalStack.emulatorClient(LambdaClient.builder(), emulatorEndpoint);
  }

  /** Starts running every schedule deployed in the emulator at {@code emulatorEndpoint}. */
  static LocalScheduler start(String emulatorEndpoint) {
    LocalScheduler local = new LocalScheduler(emulatorEndpoint);
    for (ScheduleSummary summary : local.scheduler.listSchedulesPaginator(b -> {}).schedules()) {
      GetScheduleResponse schedule =
          local.scheduler.getSchedule(b -> b.name(summary.name()).groupName(summary.groupName()));
      Duration every = localPeriod(schedule.scheduleExpression());
      String target = schedule.target().arn();
      String input = schedule.target().input() == null ? "{}" : schedule.target().input();
      local.runs.scheduleWithFixedDelay(
          () -> local.run(summary.name(), target, input),
          every.toMillis(),
          every.toMillis(),
          TimeUnit.MILLISECONDS);
      local.started.add(
          summary.name()
              + " ("
              + schedule.scheduleExpression()
              + ", here every "
              + every.toMillis()
              + " ms)");
    }
    LOG.info("schedules running: {}", local.started);
    return local;
  }

  /** A minute is a second here, an hour three seconds. */
  static Duration localPeriod(String expression) {
    Matcher rate = RATE.matcher(expression == null ? "" : expression.trim());
    if (!rate.matches()) {
      throw new IllegalArgumentException(
          "a local schedule needs rate(N minutes|hours), not " + expression);
    }
    long n = Long.parseLong(rate.group(1));
    return rate.group(2).startsWith("minute") ? Duration.ofSeconds(n) : Duration.ofSeconds(3 * n);
  }

  private void run(String name, String target, String input) {
    try {
      InvokeResponse response =
          lambda.invoke(b -> b.functionName(target).payload(SdkBytes.fromUtf8String(input)));
      if (response.functionError() != null) {
        LOG.warn(
            "schedule {}: {} failed: {}",
            name,
            target,
            response.payload() == null ? "" : response.payload().asUtf8String());
      }
    } catch (RuntimeException e) {
      LOG.warn("schedule {}: {} could not be invoked: {}", name, target, e.toString());
    }
  }

  /** The schedules running, with their periods here. */
  List<String> schedules() {
    return List.copyOf(started);
  }

  @Override
  public void close() {
    runs.shutdownNow();
    scheduler.close();
    lambda.close();
  }
}

package io.stablepay.adapter.out.tron;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.stablepay.adapter.out.nodes.NodeFailoverSettings;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.DigestSigner;
import io.stablepay.core.port.out.TransactionSender;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Micronaut wires the Tron beans from {@code stablepay.tron.*} and the failover from {@code
 * stablepay.nodes.*} (as the EVM rail's); the sender needs a signer.
 */
class TronWiringTest {

  private static final Map<String, Object> PROPERTIES =
      Map.of(
          "stablepay.tron.solidity-endpoint", "grpc.nile.trongrid.io:50061",
          "stablepay.tron.api-key", "test-api-key",
          "stablepay.tron.fee-limit-sun", "20000000",
          "stablepay.nodes.call-timeout", "2s",
          "stablepay.nodes.breaker-threshold", "5");

  @Test
  void theSenderIsWiredWhenThereIsASigner() {
    try (ApplicationContext context =
        ApplicationContext.builder()
            .properties(PROPERTIES)
            .singletons(new TestKeySigner())
            .start()) {
      TronSettings settings = context.getBean(TronSettings.class);

      assertThat(context.getBean(DigestSigner.class)).isInstanceOf(TestKeySigner.class);
      assertThat(context.getBeansOfType(TransactionSender.class))
          .singleElement()
          .isInstanceOf(TronTransactionSender.class)
          .extracting(TransactionSender::family)
          .isEqualTo(ChainFamily.TRON);
      assertThat(context.getBeansOfType(ChainRail.class))
          .singleElement()
          .isInstanceOf(TronRail.class);
      assertThat(settings.getSolidityEndpoint()).isEqualTo("grpc.nile.trongrid.io:50061");
      assertThat(settings.getApiKey()).isEqualTo("test-api-key");
      assertThat(settings.getFeeLimitSun()).isEqualTo(BigInteger.valueOf(20_000_000));
      NodeFailoverSettings failover = context.getBean(NodeFailoverSettings.class);
      assertThat(failover.getCallTimeout()).isEqualTo(Duration.ofSeconds(2));
      assertThat(failover.getBreakerThreshold()).isEqualTo(5);
      assertThat(failover.getAttempts()).isEqualTo(3);
    }
  }

  @Test
  void withoutASignerThereIsNoSender() {
    try (ApplicationContext context = ApplicationContext.run(PROPERTIES)) {
      assertThat(context.getBeansOfType(TransactionSender.class)).isEmpty();
      assertThat(context.getBean(TronSettings.class).getFeeLimitSun())
          .isEqualTo(BigInteger.valueOf(20_000_000));
    }
  }

  @Test
  void theFeeCeilingDefaultsToThirtyTrx() {
    assertThat(new TronSettings().getFeeLimitSun()).isEqualTo(BigInteger.valueOf(30_000_000));
  }
}

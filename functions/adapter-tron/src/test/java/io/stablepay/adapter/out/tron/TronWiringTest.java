package io.stablepay.adapter.out.tron;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.DigestSigner;
import io.stablepay.core.port.out.TransactionSender;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Micronaut wires the Tron beans from {@code stablepay.tron.*}; the sender needs a signer. */
class TronWiringTest {

  private static final Map<String, Object> PROPERTIES =
      Map.of(
          "stablepay.tron.solidity-endpoint", "grpc.nile.trongrid.io:50061",
          "stablepay.tron.api-key", "test-api-key",
          "stablepay.tron.fee-limit-sun", "20000000");

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

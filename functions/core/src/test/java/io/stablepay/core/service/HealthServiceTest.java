package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.ComponentHealth;
import io.stablepay.core.port.out.HealthProbe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class HealthServiceTest {

  @Test
  void aHangingProbeIsReportedDownWithoutHoldingTheOthers() {
    CountDownLatch never = new CountDownLatch(1);
    HealthProbe hanging =
        probe(
            "chain:ETHEREUM",
            () -> {
              try {
                never.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return ComponentHealth.up("chain:ETHEREUM");
            });
    HealthProbe fine = probe("dynamodb", () -> ComponentHealth.up("dynamodb"));
    HealthProbe failing =
        probe(
            "kms",
            () -> {
              throw new IllegalStateException("connection refused");
            });

    List<ComponentHealth> report =
        new HealthService(List.of(hanging, fine, failing), Duration.ofMillis(200)).check();

    assertThat(report)
        .extracting(ComponentHealth::name)
        .containsExactly("chain:ETHEREUM", "dynamodb", "kms");
    assertThat(report.get(0).up()).isFalse();
    assertThat(report.get(0).reason()).contains("no answer within 200 ms");
    assertThat(report.get(1).up()).isTrue();
    assertThat(report.get(2).up()).isFalse();
    assertThat(report.get(2).reason()).contains("connection refused");
  }

  private static HealthProbe probe(String name, java.util.function.Supplier<ComponentHealth> body) {
    return new HealthProbe() {
      @Override
      public String component() {
        return name;
      }

      @Override
      public ComponentHealth check() {
        return body.get();
      }
    };
  }
}

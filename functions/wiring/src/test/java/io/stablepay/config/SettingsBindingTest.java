package io.stablepay.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySource.PropertyConvention;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.service.DepositWatcher;
import io.stablepay.core.service.GatewayWatcher;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wiring's typed settings bind their properties, in the dotted form and in the environment
 * variable form the CDK stack sets, and hold the documented defaults when nothing is set.
 */
class SettingsBindingTest {

  @Test
  void defaultsApplyWhenNothingIsSet() {
    try (ApplicationContext context = ApplicationContext.run(Map.of())) {
      WatcherProperties watcher = context.getBean(WatcherProperties.class);
      assertThat(watcher.depositSettings()).isEqualTo(new DepositWatcher.Settings(500, 1000, 64));
      assertThat(watcher.gatewaySettings()).isEqualTo(new GatewayWatcher.Settings(500, 1000));
      assertThat(watcher.getStaleAfter()).isEqualTo(Duration.ofMinutes(5));
      assertThat(context.getBean(HealthProperties.class).getTimeout())
          .isEqualTo(Duration.ofSeconds(3));
      assertThat(context.getBean(WebhookProperties.class).isAllowHttp()).isFalse();
      assertThat(context.getBean(AuthProperties.class).getAddressFailureLimit()).isEqualTo(100);
      assertThat(context.getBean(PublicApiProperties.class).getPublicApiUrl()).isNull();
      assertThat(context.getBean(KycProperties.class).sanctionsListOrSample())
          .isEqualTo("classpath:kyc/sanctions-sample.txt");
      AdminProperties admin = context.getBean(AdminProperties.class);
      assertThat(admin.getEmail()).isNull();
      assertThat(admin.getPassword()).isNull();
      assertThat(admin.getPasswordSecret()).isNull();
      P2pLimitProperties limits = context.getBean(P2pLimitProperties.class);
      assertThat(limits.limits().daily(KycStatus.NOT_STARTED, Asset.DAI))
          .isEqualTo(
              new TokenAmount(
                  Asset.DAI, BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(1_000))));
      assertThat(limits.getPending()).isEqualTo(BigInteger.valueOf(1_000));
      assertThat(limits.getRejected()).isEqualTo(BigInteger.valueOf(1_000));
      assertThat(limits.getVerified()).isEqualTo(BigInteger.valueOf(100_000));
      assertThat(context.getBean(MerchantProperties.class).getDefaultFeeBasisPoints())
          .isEqualTo(250);
    }
  }

  @Test
  void dottedPropertiesBind() {
    try (ApplicationContext context =
        ApplicationContext.run(
            Map.of(
                "stablepay.watcher.batch-blocks", "200",
                "stablepay.watcher.initial-lookback", "50",
                "stablepay.watcher.reorg-window", "12",
                "stablepay.watcher.stale-after", "90s",
                "stablepay.health.timeout", "1500ms",
                "stablepay.webhooks.allow-http", "true",
                "stablepay.auth.address-failure-limit", "7",
                "stablepay.public-api-url", "https://api.example.com",
                "stablepay.kyc.sanctions-list", " file:/etc/sanctions.txt ",
                "stablepay.limits.p2p-daily.verified", "5000"))) {
      WatcherProperties watcher = context.getBean(WatcherProperties.class);
      assertThat(watcher.depositSettings()).isEqualTo(new DepositWatcher.Settings(200, 50, 12));
      assertThat(watcher.getStaleAfter()).isEqualTo(Duration.ofSeconds(90));
      assertThat(context.getBean(HealthProperties.class).getTimeout())
          .isEqualTo(Duration.ofMillis(1500));
      assertThat(context.getBean(WebhookProperties.class).isAllowHttp()).isTrue();
      assertThat(context.getBean(AuthProperties.class).getAddressFailureLimit()).isEqualTo(7);
      assertThat(context.getBean(PublicApiProperties.class).getPublicApiUrl())
          .isEqualTo("https://api.example.com");
      assertThat(context.getBean(KycProperties.class).sanctionsListOrSample())
          .isEqualTo("file:/etc/sanctions.txt");
      P2pLimitProperties limits = context.getBean(P2pLimitProperties.class);
      assertThat(limits.getVerified()).isEqualTo(BigInteger.valueOf(5_000));
      assertThat(limits.getNotStarted()).isEqualTo(BigInteger.valueOf(1_000));
    }
  }

  @Test
  void environmentVariablesBind() {
    PropertySource environment =
        PropertySource.of(
            "test-environment",
            Map.<String, Object>of(
                "STABLEPAY_WATCHER_INITIAL_LOOKBACK", "300",
                "STABLEPAY_WATCHER_STALE_AFTER", "10m",
                "STABLEPAY_LIMITS_P2P_DAILY_NOT_STARTED", "25",
                "STABLEPAY_MERCHANTS_DEFAULT_FEE_BASIS_POINTS", "90",
                "STABLEPAY_WEBHOOKS_ALLOW_HTTP", "true",
                "STABLEPAY_PUBLIC_API_URL", "https://api.example.com",
                "STABLEPAY_ADMIN_EMAIL", "admin@example.com",
                "STABLEPAY_ADMIN_PASSWORD_SECRET", "arn:aws:secretsmanager:admin"),
            PropertyConvention.ENVIRONMENT_VARIABLE);
    try (ApplicationContext context =
        ApplicationContext.builder().propertySources(environment).start()) {
      WatcherProperties watcher = context.getBean(WatcherProperties.class);
      assertThat(watcher.getInitialLookback()).isEqualTo(300);
      assertThat(watcher.getBatchBlocks()).isEqualTo(500);
      assertThat(watcher.getStaleAfter()).isEqualTo(Duration.ofMinutes(10));
      assertThat(context.getBean(P2pLimitProperties.class).getNotStarted())
          .isEqualTo(BigInteger.valueOf(25));
      assertThat(context.getBean(MerchantProperties.class).getDefaultFeeBasisPoints())
          .isEqualTo(90);
      assertThat(context.getBean(WebhookProperties.class).isAllowHttp()).isTrue();
      assertThat(context.getBean(PublicApiProperties.class).getPublicApiUrl())
          .isEqualTo("https://api.example.com");
      AdminProperties admin = context.getBean(AdminProperties.class);
      assertThat(admin.getEmail()).isEqualTo("admin@example.com");
      assertThat(admin.getPasswordSecret()).isEqualTo("arn:aws:secretsmanager:admin");
    }
  }

  @Test
  void aBlankSanctionsListReadsTheSample() {
    try (ApplicationContext context =
        ApplicationContext.run(Map.of("stablepay.kyc.sanctions-list", " "))) {
      assertThat(context.getBean(KycProperties.class).sanctionsListOrSample())
          .isEqualTo("classpath:kyc/sanctions-sample.txt");
    }
  }
}

package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.port.in.MerchantSettingsCommand;
import io.stablepay.core.port.in.RegisterMerchantCommand;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.WebhookEndpoint;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A webhook URL of the wrong form is refused before anything is stored, and before its host is
 * checked on the network (the endpoint here fails the test if asked).
 */
class MerchantWebhookUrlTest {

  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  private final List<String> writes = new ArrayList<>();
  private final Merchant stored =
      new Merchant(
          "u-1",
          "Coffee Ltd",
          "retail",
          "https://hooks.example.com/",
          null,
          null,
          null,
          Merchant.DEFAULT_FEE_BASIS_POINTS,
          KycStatus.PENDING,
          "sealed",
          null,
          null,
          3,
          NOW,
          NOW);
  private final MerchantStore store =
      new MerchantStore() {
        @Override
        public boolean create(Merchant merchant) {
          writes.add("create " + merchant.webhookUrl());
          return true;
        }

        @Override
        public Optional<Merchant> find(String userId) {
          return Optional.of(stored);
        }

        @Override
        public List<String> autoSettling() {
          return List.of();
        }

        @Override
        public boolean update(Merchant next) {
          writes.add("update " + next.webhookUrl());
          return true;
        }
      };
  private final WebhookEndpoint noNetwork =
      (WebhookEndpoint)
          Proxy.newProxyInstance(
              WebhookEndpoint.class.getClassLoader(),
              new Class<?>[] {WebhookEndpoint.class},
              (proxy, method, args) -> {
                throw new AssertionError("asked the network: " + method.getName());
              });
  private final MerchantService service =
      new MerchantService(
          store,
          null,
          new MerchantWebhooks(null, noNetwork, true),
          null,
          new SettlementDestinations(null, List.of()),
          Merchant.DEFAULT_FEE_BASIS_POINTS,
          Clock.systemUTC());

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://example.com:99999/",
        "https://example.com:0/hooks",
        "https://example.com:65536/",
        "http://0177.0.0.1/",
        "http://0x7f.1/",
        "http://127.1/",
        "http://2130706433/"
      })
  void registeringRefusesItAndStoresNothing(String url) {
    assertThatThrownBy(
            () ->
                service.register(
                    new Caller("u-2", Role.USER),
                    new RegisterMerchantCommand("Tea Ltd", "retail", url, null, null)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("webhookUrl");
    assertThat(writes).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://example.com:99999/", "http://0177.0.0.1/"})
  void changingTheSettingsRefusesItAndStoresNothing(String url) {
    assertThatThrownBy(
            () ->
                service.updateSettings(
                    new Caller("u-1", Role.MERCHANT),
                    new MerchantSettingsCommand(url, null, null, null, false, false)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("webhookUrl");
    assertThat(writes).isEmpty();
  }
}

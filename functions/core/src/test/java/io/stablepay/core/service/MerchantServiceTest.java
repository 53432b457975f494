package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkNotServedException;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.UnknownNetworkException;
import io.stablepay.core.domain.identity.ApiKey;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.webhook.WebhookSecret;
import io.stablepay.core.port.in.MerchantSettingsCommand;
import io.stablepay.core.port.in.Merchants;
import io.stablepay.core.port.in.RegisterMerchantCommand;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.testing.FakeRail;
import io.stablepay.core.testing.FakeSecretMac;
import io.stablepay.core.testing.MemoryApiKeyStore;
import io.stablepay.core.testing.MemoryLedger;
import io.stablepay.core.testing.MemoryMerchantStore;
import io.stablepay.core.testing.MemorySecretVault;
import io.stablepay.core.testing.MutableClock;
import io.stablepay.core.testing.RecordingWebhookEndpoint;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Merchant accounts: registration, settings and their checks, secrets, keys and balances. */
class MerchantServiceTest {

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final String URL = "https://hooks.example.com/stablepay";
  private static final String ADDRESS = "0x" + "ab".repeat(20);

  private final MutableClock clock = new MutableClock(NOW);
  private final RacingMerchantStore merchants = new RacingMerchantStore();
  private final MemoryApiKeyStore keys = new MemoryApiKeyStore();
  private final FakeSecretMac mac = new FakeSecretMac();
  private final ApiKeyService apiKeys = new ApiKeyService(keys, mac, clock);
  private final MemorySecretVault vault = new MemorySecretVault();
  private final MemoryLedger ledger = new MemoryLedger();

  /** Ethereum and Polygon settle over the EVM rail; Tron is served, but no Tron rail is here. */
  private final NetworkRegistry registry =
      new NetworkRegistry(
          "test",
          List.of(
              network(NetworkId.ETHEREUM), network(NetworkId.POLYGON), network(NetworkId.TRON)));

  private final RecordingWebhookEndpoint endpoints = new RecordingWebhookEndpoint();
  private final MerchantService service = service(false);

  private final Caller ada = new Caller("ada", Role.USER);
  private final Caller shop = new Caller("ada", Role.MERCHANT);

  @Test
  void registeringMakesAPendingMerchantWithItsFirstApiKeyAndASecretShownOnceAndKeptSealed() {
    Merchants.Registered registered =
        service.register(
            ada,
            new RegisterMerchantCommand(
                " Coffee Ltd ", "retail", URL, "0x" + "aB".repeat(20), "ethereum"));

    Merchant merchant = registered.merchant();
    assertThat(merchants.find("ada")).contains(merchant);
    assertThat(merchant.businessName()).isEqualTo("Coffee Ltd");
    assertThat(merchant.kybStatus()).isEqualTo(KycStatus.PENDING);
    assertThat(merchant.feeBasisPoints()).isEqualTo(Merchant.DEFAULT_FEE_BASIS_POINTS);
    assertThat(merchant.settlementNetwork()).isEqualTo(NetworkId.ETHEREUM);
    assertThat(merchant.settlementAddress()).isEqualTo(ADDRESS);
    assertThat(merchant.autoSettleThreshold()).isNull();
    assertThat(merchant.webhookUrl()).isEqualTo(URL);
    assertThat(endpoints.checked).containsExactly(URL);

    String secret = registered.webhookSecret();
    assertThat(WebhookSecret.parse(secret).reveal()).isEqualTo(secret);
    assertThat(merchant.sealedSecret()).doesNotContain(secret);
    assertThat(opened(merchant.sealedSecret())).isEqualTo(secret);
    assertThatThrownBy(() -> vault.open("another-purpose", merchant.sealedSecret()))
        .isInstanceOf(IllegalStateException.class);

    ApiKey.Issued key = registered.apiKey();
    assertThat(key.key().ownerId()).isEqualTo("ada");
    assertThat(key.key().name()).isEqualTo("default");
    assertThat(apiKeys.apiKeys(shop)).containsExactly(key.key());
    assertThat(mac.matches(key.secret(), keys.find(key.key().id()).orElseThrow().mac())).isTrue();
  }

  @Test
  void registeringAgainOrAsAnythingButAPlainUserIsRefusedAndIssuesNoSecondKey() {
    Merchants.Registered first = service.register(ada, register(URL, null, null));

    assertThatThrownBy(() -> service.register(ada, register(URL, null, null)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already a merchant");
    assertThatThrownBy(() -> service.register(shop, register(URL, null, null)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("one is MERCHANT");
    assertThatThrownBy(
            () -> service.register(new Caller("root", Role.ADMIN), register(URL, null, null)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("only a plain user");

    assertThat(merchants.find("ada")).contains(first.merchant());
    assertThat(merchants.find("root")).isEmpty();
    assertThat(apiKeys.apiKeys(shop)).containsExactly(first.apiKey().key());
  }

  @Test
  void aWebhookUrlWhoseHostIsNotPublicIsRefusedAtRegistrationAndInTheSettings() {
    endpoints.privateHosts.add("metadata.internal");
    String inside = "https://metadata.internal/latest";

    assertThatThrownBy(() -> service.register(ada, register(inside, null, null)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("non-public");
    assertThat(merchants.find("ada")).isEmpty();
    assertThat(keys.listByOwner("ada")).isEmpty();

    Merchant registered = service.register(ada, register(URL, null, null)).merchant();
    assertThatThrownBy(() -> service.updateSettings(shop, settings(inside)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("non-public");
    assertThat(merchants.find("ada")).contains(registered);
  }

  @Test
  void anHttpWebhookUrlIsTakenOnlyWhereTheProfileAllowsIt() {
    String plain = "http://localhost:8081/hooks";

    assertThatThrownBy(() -> service.register(ada, register(plain, null, null)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("https");
    assertThat(merchants.find("ada")).isEmpty();

    Merchant local = service(true).register(ada, register(plain, null, null)).merchant();
    assertThat(local.webhookUrl()).isEqualTo(plain);
  }

  @Test
  void anEmptyWebhookUrlTurnsWebhooksOffAndALeftOutOneKeepsIt() {
    service.register(ada, register(URL, null, null));

    Merchant kept =
        service
            .updateSettings(shop, new MerchantSettingsCommand(null, null, null, "0", false, false))
            .merchant();
    Merchant off = service.updateSettings(shop, settings(" ")).merchant();

    assertThat(kept.webhookUrl()).isEqualTo(URL);
    assertThat(off.webhookUrl()).isNull();
    assertThat(merchants.find("ada").orElseThrow().webhookUrl()).isNull();
    assertThat(endpoints.checked).containsExactly(URL);
  }

  @Test
  void aSettlementAddressIsOnlyTakenWithItsNetworkValidForThatNetworksRail() {
    assertThatThrownBy(() -> service.register(ada, register(URL, ADDRESS, null)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("given together");
    assertThatThrownBy(() -> service.register(ada, register(URL, null, "ETHEREUM")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("given together");
    assertThatThrownBy(() -> service.register(ada, register(URL, " ", "ETHEREUM")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("given together");
    assertThatThrownBy(() -> service.register(ada, register(URL, ADDRESS, "DOGECOIN")))
        .isInstanceOf(UnknownNetworkException.class);
    assertThatThrownBy(() -> service.register(ada, register(URL, ADDRESS, "BSC")))
        .isInstanceOf(NetworkNotServedException.class);
    assertThatThrownBy(() -> service.register(ada, register(URL, "TXyz", "TRON")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("TRON cannot be settled to here");
    assertThatThrownBy(() -> service.register(ada, register(URL, "0x1234", "ETHEREUM")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("not a valid ETHEREUM address: not 0x and 40 hex digits");

    assertThat(merchants.find("ada")).isEmpty();
    assertThat(keys.listByOwner("ada")).isEmpty();
  }

  @Test
  void changingTheSettlementAddressNeedsItsNetworkAgainAndKeepsEverythingElse() {
    Merchant registered = service.register(ada, register(URL, ADDRESS, "ETHEREUM")).merchant();
    String polygon = "0x" + "CD".repeat(20);

    assertThatThrownBy(
            () ->
                service.updateSettings(
                    shop, new MerchantSettingsCommand(null, polygon, null, null, false, false)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("given together");
    assertThatThrownBy(
            () ->
                service.updateSettings(
                    shop, new MerchantSettingsCommand(null, null, "POLYGON", null, false, false)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("given together");
    assertThat(merchants.find("ada")).contains(registered);

    clock.advance(Duration.ofHours(1));
    Merchant moved =
        service
            .updateSettings(
                shop, new MerchantSettingsCommand(null, polygon, "polygon", null, false, false))
            .merchant();

    assertThat(moved.settlementNetwork()).isEqualTo(NetworkId.POLYGON);
    assertThat(moved.settlementAddress()).isEqualTo("0x" + "cd".repeat(20));
    assertThat(moved.webhookUrl()).isEqualTo(URL);
    assertThat(moved.sealedSecret()).isEqualTo(registered.sealedSecret());
    assertThat(moved.version()).isEqualTo(registered.version() + 1);
    assertThat(moved.createdAt()).isEqualTo(NOW);
    assertThat(moved.updatedAt()).isEqualTo(clock.instant());
    assertThat(merchants.find("ada")).contains(moved);
  }

  @Test
  void aThresholdOf10To10MillionIsKeptInMillionthsAndZeroTurnsItOff() {
    service.register(ada, register(URL, ADDRESS, "ETHEREUM"));

    assertThat(threshold("10")).isEqualTo(BigInteger.valueOf(10_000_000));
    assertThat(merchants.autoSettling()).containsExactly("ada");
    assertThat(threshold("10000000")).isEqualTo(Merchant.MAX_AUTO_SETTLE);
    assertThat(threshold("250.5")).isEqualTo(BigInteger.valueOf(250_500_000));
    assertThat(threshold("0")).isNull();
    assertThat(merchants.autoSettling()).isEmpty();
  }

  @Test
  void aThresholdOutOfRangeOrWithoutASettlementAddressIsRefusedAndChangesNothing() {
    Merchant bare = service.register(ada, register(URL, null, null)).merchant();
    assertThatThrownBy(() -> threshold("10"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("settlement address");

    service.updateSettings(
        shop, new MerchantSettingsCommand(null, ADDRESS, "ETHEREUM", "20", false, false));
    Merchant set = merchants.find("ada").orElseThrow();
    assertThat(set.version()).isEqualTo(bare.version() + 1);
    assertThatThrownBy(() -> threshold("9.999999"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("10 to 10000000");
    assertThatThrownBy(() -> threshold("10000000.000001"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("10 to 10000000");
    assertThatThrownBy(() -> threshold("10.0000001"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("fractional digits");
    assertThatThrownBy(() -> threshold("-20"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("plain non-negative");
    // taking the address away would leave the threshold with nowhere to settle to
    assertThatThrownBy(
            () ->
                service.updateSettings(
                    shop, new MerchantSettingsCommand(null, "", null, null, false, false)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("settlement address");

    assertThat(merchants.find("ada")).contains(set);
  }

  @Test
  void rotatingTheWebhookSecretShowsTheNewOneOnceAndKeepsTheOldOneSigningFor24Hours() {
    Merchants.Registered registered = service.register(ada, register(URL, null, null));
    Merchant before = registered.merchant();

    Merchants.Updated unchanged = service.updateSettings(shop, settings(null));
    assertThat(unchanged.newWebhookSecret()).isNull();
    assertThat(unchanged.merchant().sealedSecret()).isEqualTo(before.sealedSecret());
    assertThat(unchanged.merchant().previousSealedSecret()).isNull();

    clock.advance(Duration.ofHours(3));
    Merchants.Updated rotated =
        service.updateSettings(
            shop, new MerchantSettingsCommand(null, null, null, null, true, false));

    Merchant after = rotated.merchant();
    assertThat(rotated.newWebhookSecret())
        .startsWith(WebhookSecret.PREFIX)
        .isNotEqualTo(registered.webhookSecret());
    assertThat(opened(after.sealedSecret())).isEqualTo(rotated.newWebhookSecret());
    assertThat(opened(after.previousSealedSecret())).isEqualTo(registered.webhookSecret());
    assertThat(after.previousSecretExpiresAt())
        .isEqualTo(clock.instant().plus(Duration.ofHours(24)));
    assertThat(rotated.newApiKey()).isNull();
    assertThat(merchants.find("ada")).contains(after);
  }

  @Test
  void rotatingTheApiKeyIssuesANewOneAndRevokesEveryOtherAtOnce() {
    Merchants.Registered registered = service.register(ada, register(URL, null, null));
    clock.advance(Duration.ofMinutes(1));
    ApiKey.Issued ci = apiKeys.createApiKey(shop, "ci");
    clock.advance(Duration.ofMinutes(1));

    Merchants.Updated rotated =
        service.updateSettings(
            shop, new MerchantSettingsCommand(null, null, null, null, false, true));

    ApiKey.Issued fresh = rotated.newApiKey();
    assertThat(fresh.key().name()).isEqualTo("rotated " + clock.instant());
    assertThat(rotated.newWebhookSecret()).isNull();
    List<ApiKey> listed = apiKeys.apiKeys(shop);
    assertThat(listed)
        .extracting(ApiKey::id)
        .containsExactly(registered.apiKey().key().id(), ci.key().id(), fresh.key().id());
    assertThat(listed)
        .extracting(ApiKey::revokedAt)
        .containsExactly(clock.instant(), clock.instant(), null);
    assertThat(mac.matches(fresh.secret(), keys.find(fresh.key().id()).orElseThrow().mac()))
        .isTrue();
  }

  @Test
  void aSettingsChangeThatLosesARaceIsRefusedAndRotatesNeitherKeyNorSecret() {
    Merchants.Registered registered = service.register(ada, register(URL, null, null));
    merchants.raceNextUpdate = true;

    assertThatThrownBy(
            () ->
                service.updateSettings(
                    shop,
                    new MerchantSettingsCommand(
                        "https://new.example.com/", null, null, null, true, true)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("changed meanwhile");

    Merchant stored = merchants.find("ada").orElseThrow();
    assertThat(stored.businessName()).isEqualTo("Renamed Ltd");
    assertThat(stored.webhookUrl()).isEqualTo(URL);
    assertThat(stored.sealedSecret()).isEqualTo(registered.merchant().sealedSecret());
    assertThat(stored.previousSealedSecret()).isNull();
    assertThat(apiKeys.apiKeys(shop)).containsExactly(registered.apiKey().key());
  }

  @Test
  void theDashboardShowsTheMerchantsOwnBalanceOfEveryAsset() {
    service.register(ada, register(URL, null, null));
    fund("ada", Asset.USDT, "12.5");
    fund("ada", Asset.DAI, "1");
    fund("bob", Asset.USDT, "99");

    Merchants.Dashboard dashboard = service.dashboard(shop);

    assertThat(dashboard.merchant()).isEqualTo(merchants.find("ada").orElseThrow());
    assertThat(dashboard.balances())
        .isEqualTo(
            Map.of(
                Asset.USDT, new TokenAmount(Asset.USDT, BigInteger.valueOf(12_500_000)),
                Asset.USDC, new TokenAmount(Asset.USDC, BigInteger.ZERO),
                Asset.DAI, new TokenAmount(Asset.DAI, BigInteger.TEN.pow(18))));
  }

  @Test
  void anAccountThatIsNoMerchantHasNeitherSettingsNorADashboard() {
    assertThatThrownBy(() -> service.dashboard(ada))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("not a merchant");
    assertThatThrownBy(() -> service.updateSettings(ada, settings(URL)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("not a merchant");
    assertThat(endpoints.checked).isEmpty();
    assertThat(merchants.find("ada")).isEmpty();
  }

  @Test
  void newMerchantsGetTheStagesDefaultFeeAndExistingOnesKeepTheirs() {
    service.register(ada, register(URL, null, null));
    MerchantService cheaper = service(false, 90);

    cheaper.register(
        new Caller("bob", Role.USER),
        new RegisterMerchantCommand("Bob", "retail", URL, null, null));

    assertThat(merchants.find("bob")).map(Merchant::feeBasisPoints).contains(90);
    assertThat(merchants.find("ada"))
        .map(Merchant::feeBasisPoints)
        .contains(Merchant.DEFAULT_FEE_BASIS_POINTS);
    assertThat(cheaper.updateSettings(shop, settings(URL)).merchant().feeBasisPoints())
        .isEqualTo(Merchant.DEFAULT_FEE_BASIS_POINTS);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 10_001})
  void aDefaultFeeOutsideZeroToAllOfAPaymentIsRefused(int basisPoints) {
    assertThatThrownBy(() -> service(false, basisPoints))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 to 10000 basis points, not " + basisPoints);
  }

  private MerchantService service(boolean allowHttp) {
    return service(allowHttp, Merchant.DEFAULT_FEE_BASIS_POINTS);
  }

  private MerchantService service(boolean allowHttp, int defaultFeeBasisPoints) {
    return new MerchantService(
        merchants,
        apiKeys,
        new MerchantWebhooks(vault, endpoints, allowHttp),
        ledger,
        new SettlementDestinations(registry, List.of(new FakeRail(ChainFamily.EVM))),
        defaultFeeBasisPoints,
        clock);
  }

  private BigInteger threshold(String amount) {
    return service
        .updateSettings(shop, new MerchantSettingsCommand(null, null, null, amount, false, false))
        .merchant()
        .autoSettleThreshold();
  }

  private String opened(String sealed) {
    return new String(
        vault.open(MerchantService.SECRET_PURPOSE, sealed), StandardCharsets.US_ASCII);
  }

  private void fund(String userId, Asset asset, String amount) {
    ledger.fund(userId, asset, amount, NOW);
  }

  private static RegisterMerchantCommand register(String url, String address, String network) {
    return new RegisterMerchantCommand("Coffee Ltd", "retail", url, address, network);
  }

  private static MerchantSettingsCommand settings(String url) {
    return new MerchantSettingsCommand(url, null, null, null, false, false);
  }

  private static Network network(NetworkId id) {
    return new Network(id, id.name(), id.family(), 1, "X", 1, 1, null, List.of(), null, Map.of());
  }

  /**
   * The memory store, but another writer can get in first: with {@link #raceNextUpdate}, the next
   * update finds the merchant changed meanwhile (its version moved on).
   */
  private static final class RacingMerchantStore implements MerchantStore {
    private final MemoryMerchantStore store = new MemoryMerchantStore();
    boolean raceNextUpdate;

    @Override
    public boolean create(Merchant merchant) {
      return store.create(merchant);
    }

    @Override
    public Optional<Merchant> find(String userId) {
      return store.find(userId);
    }

    @Override
    public List<String> autoSettling() {
      return store.autoSettling();
    }

    @Override
    public boolean update(Merchant next) {
      if (raceNextUpdate) {
        raceNextUpdate = false;
        Merchant current = store.find(next.userId()).orElseThrow();
        store.update(
            new Merchant(
                current.userId(),
                "Renamed Ltd",
                current.businessType(),
                current.webhookUrl(),
                current.settlementAddress(),
                current.settlementNetwork(),
                current.autoSettleThreshold(),
                current.feeBasisPoints(),
                current.kybStatus(),
                current.sealedSecret(),
                current.previousSealedSecret(),
                current.previousSecretExpiresAt(),
                current.version() + 1,
                current.createdAt(),
                current.updatedAt()));
      }
      return store.update(next);
    }
  }
}

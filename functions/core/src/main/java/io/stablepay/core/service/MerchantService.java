package io.stablepay.core.service;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.Decimals;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.ApiKey;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.webhook.WebhookSecret;
import io.stablepay.core.port.in.ApiKeys;
import io.stablepay.core.port.in.MerchantSettingsCommand;
import io.stablepay.core.port.in.Merchants;
import io.stablepay.core.port.in.RegisterMerchantCommand;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.SecretVault;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Merchant accounts. Registering makes a plain user a MERCHANT in the same write that stores the
 * merchant, then issues its first API key and webhook signing secret; the secret is kept only
 * sealed by the key service ({@link SecretVault}, through {@link MerchantWebhooks}) and shown once.
 */
public final class MerchantService implements Merchants {

  /** What webhook secrets are sealed for: they open for nothing else. */
  public static final String SECRET_PURPOSE = "webhook-signing-secret";

  private final MerchantStore merchants;
  private final ApiKeys apiKeys;
  private final MerchantWebhooks webhooks;
  private final LedgerStore ledger;
  private final SettlementDestinations destinations;
  private final int defaultFeeBasisPoints;
  private final Clock clock;

  public MerchantService(
      MerchantStore merchants,
      ApiKeys apiKeys,
      MerchantWebhooks webhooks,
      LedgerStore ledger,
      SettlementDestinations destinations,
      int defaultFeeBasisPoints,
      Clock clock) {
    if (defaultFeeBasisPoints < 0 || defaultFeeBasisPoints > Merchant.MAX_FEE_BASIS_POINTS) {
      throw new IllegalArgumentException(
          "the default merchant fee must be 0 to "
              + Merchant.MAX_FEE_BASIS_POINTS
              + " basis points, not "
              + defaultFeeBasisPoints);
    }
    this.merchants = merchants;
    this.apiKeys = apiKeys;
    this.webhooks = webhooks;
    this.ledger = ledger;
    this.destinations = destinations;
    this.defaultFeeBasisPoints = defaultFeeBasisPoints;
    this.clock = clock;
  }

  @Override
  public Registered register(Caller caller, RegisterMerchantCommand command) {
    if (caller.role() != Role.USER) {
      throw new ConflictException(
          "only a plain user account can register as a merchant; this"
              + " one is "
              + caller.role());
    }
    String url = webhooks.url(command.webhookUrl());
    SettlementDestinations.Destination destination =
        destinations.check(command.settlementNetwork(), command.settlementAddress());
    WebhookSecret secret = webhooks.newSecret();
    Instant now = clock.instant();
    Merchant merchant =
        new Merchant(
            caller.userId(),
            command.businessName(),
            command.businessType(),
            url,
            destination.address(),
            destination.network(),
            null,
            defaultFeeBasisPoints,
            KycStatus.PENDING,
            webhooks.seal(secret),
            null,
            null,
            0,
            now,
            now);
    if (!merchants.create(merchant)) {
      throw new ConflictException("this account is already a merchant");
    }
    ApiKey.Issued key = apiKeys.createApiKey(new Caller(caller.userId(), Role.MERCHANT), "default");
    return new Registered(merchant, key, secret.reveal());
  }

  @Override
  public Updated updateSettings(Caller caller, MerchantSettingsCommand command) {
    Merchant current = require(caller);
    String url =
        command.webhookUrl() == null ? current.webhookUrl() : webhooks.url(command.webhookUrl());
    NetworkId network = current.settlementNetwork();
    String address = current.settlementAddress();
    if (command.settlementAddress() != null || command.settlementNetwork() != null) {
      SettlementDestinations.Destination destination =
          destinations.check(command.settlementNetwork(), command.settlementAddress());
      network = destination.network();
      address = destination.address();
    }
    BigInteger threshold = current.autoSettleThreshold();
    if (command.autoSettleThreshold() != null) {
      threshold = Decimals.parse(command.autoSettleThreshold(), Merchant.THRESHOLD_DECIMALS);
      threshold = threshold.signum() == 0 ? null : threshold;
    }
    Instant now = clock.instant();
    String sealed = current.sealedSecret();
    String previous = current.previousSealedSecret();
    Instant previousUntil = current.previousSecretExpiresAt();
    String shown = null;
    if (command.rotateWebhookSecret()) {
      WebhookSecret secret = webhooks.newSecret();
      previous = current.sealedSecret();
      previousUntil = now.plus(WebhookSecret.ROTATION_OVERLAP);
      sealed = webhooks.seal(secret);
      shown = secret.reveal();
    }
    Merchant next =
        new Merchant(
            current.userId(),
            current.businessName(),
            current.businessType(),
            url,
            address,
            network,
            threshold,
            current.feeBasisPoints(),
            current.kybStatus(),
            sealed,
            previous,
            previousUntil,
            current.version() + 1,
            current.createdAt(),
            now);
    if (!merchants.update(next)) {
      throw new ConflictException("the settings changed meanwhile; read them and try again");
    }
    ApiKey.Issued key = null;
    if (command.rotateApiKey()) {
      Caller merchant = new Caller(current.userId(), Role.MERCHANT);
      key = apiKeys.createApiKey(merchant, "rotated " + now);
      for (ApiKey old : apiKeys.apiKeys(merchant)) {
        if (!old.revoked() && !old.id().equals(key.key().id())) {
          apiKeys.revokeApiKey(merchant, old.id());
        }
      }
    }
    return new Updated(next, shown, key);
  }

  @Override
  public Dashboard dashboard(Caller caller) {
    Merchant merchant = require(caller);
    List<AccountId> accounts =
        Arrays.stream(Asset.values())
            .map(asset -> AccountId.user(merchant.userId(), asset))
            .toList();
    Map<AccountId, BigInteger> read = ledger.balances(accounts);
    Map<Asset, TokenAmount> balances = new EnumMap<>(Asset.class);
    accounts.forEach(
        account ->
            balances.put(account.asset(), new TokenAmount(account.asset(), read.get(account))));
    return new Dashboard(merchant, balances);
  }

  private Merchant require(Caller caller) {
    return merchants
        .find(caller.userId())
        .orElseThrow(() -> new NotFoundException("this account is not a merchant"));
  }
}

package io.stablepay.core.port.in;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.ApiKey;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.merchant.Merchant;
import java.util.Map;

/** Merchant accounts: registration, settings and what the merchant holds. */
public interface Merchants {

  /**
   * A new merchant with its first API key and webhook signing secret, both shown this once.
   *
   * @param webhookSecret {@code whsec_...}
   */
  record Registered(Merchant merchant, ApiKey.Issued apiKey, String webhookSecret) {}

  /**
   * @param newWebhookSecret the rotated secret when one was asked for (shown once), else null
   * @param newApiKey the rotated API key when one was asked for (shown once), else null
   */
  record Updated(Merchant merchant, String newWebhookSecret, ApiKey.Issued newApiKey) {}

  /** The merchant and its available balance of each asset. */
  record Dashboard(Merchant merchant, Map<Asset, TokenAmount> balances) {}

  /**
   * Makes the caller (a plain USER) a merchant.
   *
   * @throws io.stablepay.core.domain.ConflictException when the caller already is one (or is an
   *     administrator)
   */
  Registered register(Caller caller, RegisterMerchantCommand command);

  /**
   * Changes the webhook URL, the settlement address or its automatic threshold, or rotates the
   * webhook secret (24 h overlap) or the API key (the others revoked at once).
   */
  Updated updateSettings(Caller caller, MerchantSettingsCommand command);

  Dashboard dashboard(Caller caller);
}

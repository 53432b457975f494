package io.stablepay.config;

import static io.stablepay.schema.Functions.AUTH_API;
import static io.stablepay.schema.Functions.ESCROW_API;
import static io.stablepay.schema.Functions.KYC_API;
import static io.stablepay.schema.Functions.MERCHANT_API;
import static io.stablepay.schema.Functions.SIGNER_API;
import static io.stablepay.schema.Functions.SUBSCRIPTION_API;
import static io.stablepay.schema.Functions.WALLET_API;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.stablepay.core.port.in.ApiKeys;
import io.stablepay.core.port.in.Authentication;
import io.stablepay.core.port.in.Identity;
import io.stablepay.core.port.out.AccountLinks;
import io.stablepay.core.port.out.AccountTokenStore;
import io.stablepay.core.port.out.ApiKeyStore;
import io.stablepay.core.port.out.AttemptStore;
import io.stablepay.core.port.out.Mailer;
import io.stablepay.core.port.out.PasswordHasher;
import io.stablepay.core.port.out.PasswordStrength;
import io.stablepay.core.port.out.RefreshTokenStore;
import io.stablepay.core.port.out.SecretMac;
import io.stablepay.core.port.out.TokenService;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.service.AccountTokens;
import io.stablepay.core.service.ApiKeyService;
import io.stablepay.core.service.AuthenticationService;
import io.stablepay.core.service.IdentityService;
import io.stablepay.core.service.LoginThrottle;
import io.stablepay.core.service.Sessions;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/** Accounts (the auth function), and who is calling (every API function that has callers). */
@Factory
class IdentityWiring {

  @Singleton
  @Requires(env = AUTH_API)
  Identity identity(
      UserStore users,
      PasswordHasher passwords,
      PasswordStrength strength,
      TokenService tokens,
      RefreshTokenStore refreshTokens,
      AttemptStore attempts,
      AccountTokenStore accountTokens,
      Mailer mailer,
      Clock clock,
      AuthProperties auth,
      PublicApiProperties publicApi) {
    return new IdentityService(
        users,
        passwords,
        strength,
        new LoginThrottle(attempts, auth.getAddressFailureLimit()),
        new Sessions(refreshTokens, tokens, users, clock),
        new AccountTokens(accountTokens, users, mailer, accountLinks(publicApi.getPublicApiUrl())),
        clock);
  }

  /**
   * Mailed links start with the API's public address ({@link PublicApiProperties}), never with a
   * request's Host header, which a caller chooses; without it mails carry the code alone.
   */
  static AccountLinks accountLinks(String publicApiUrl) {
    String base = publicApiUrl == null ? "" : publicApiUrl.strip().replaceAll("/+$", "");
    return token ->
        base.isEmpty()
            ? Optional.empty()
            : Optional.of(
                base
                    + "/api/auth/unlock?token="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8));
  }

  /** Every function whose routes take a caller: tokens are verified, API keys matched. */
  @Singleton
  @Requires(
      env = {AUTH_API, WALLET_API, MERCHANT_API, SIGNER_API, KYC_API, SUBSCRIPTION_API, ESCROW_API})
  Authentication authentication(
      UserStore users,
      TokenService tokens,
      RefreshTokenStore sessions,
      ApiKeyStore apiKeys,
      SecretMac mac,
      Clock clock) {
    return new AuthenticationService(users, tokens, sessions, apiKeys, mac, clock);
  }

  /** Keys are issued by the auth function, and by the merchant function at registration. */
  @Singleton
  @Requires(env = {AUTH_API, MERCHANT_API})
  ApiKeys apiKeys(ApiKeyStore apiKeys, SecretMac mac, Clock clock) {
    return new ApiKeyService(apiKeys, mac, clock);
  }
}

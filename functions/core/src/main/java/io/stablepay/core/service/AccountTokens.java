package io.stablepay.core.service;

import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.port.out.AccountLinks;
import io.stablepay.core.port.out.AccountTokenStore;
import io.stablepay.core.port.out.Mailer;
import io.stablepay.core.port.out.UserStore;
import java.time.Instant;

/**
 * The one-time tokens mailed to an account's owner, for {@link IdentityService}: the unlock token
 * after too many failed sign-ins, and the password reset token. Only their hashes are stored; each
 * is used once, before it expires.
 */
public final class AccountTokens {

  /** What a token is for: its prefix and the name the errors use. */
  enum Kind {
    RESET("pr_", "reset"),
    UNLOCK("ul_", "unlock");

    private final String prefix;
    private final String label;

    Kind(String prefix, String label) {
      this.prefix = prefix;
      this.label = label;
    }
  }

  private final AccountTokenStore store;
  private final UserStore users;
  private final Mailer mailer;
  private final AccountLinks links;

  public AccountTokens(
      AccountTokenStore store, UserStore users, Mailer mailer, AccountLinks links) {
    this.store = store;
    this.users = users;
    this.mailer = mailer;
    this.links = links;
  }

  /**
   * Mails the owner of a just-locked account a one-time token that lifts its locks: a stranger
   * guessing cannot keep the owner out.
   */
  void offerUnlock(User user, Instant now) {
    String token = SecretToken.generate(Kind.UNLOCK.prefix);
    store.save(SecretToken.hash(token), user.id(), now.plus(IdentityService.UNLOCK_LIFETIME));
    String link =
        links
            .unlock(token)
            .map(
                url ->
                    "open this link:\n\n"
                        + url
                        + "\n\nor send this code to POST /api/auth/unlock:\n\n")
            .orElse("send this code to POST /api/auth/unlock:\n\n");
    mailer.send(
        user.email(),
        "Unlock your StablePay sign-in",
        "Sign-ins to this account failed too often, so they are paused for up to 15 minutes. "
            + "If it was you, or you want back in now, "
            + link
            + token
            + "\n\nThe code works once, within an hour. If the failures were not yours, your "
            + "password held; consider changing it.");
  }

  /** Mails the owner a one-time token that sets a new password. */
  void offerReset(User user, Instant now) {
    String token = SecretToken.generate(Kind.RESET.prefix);
    store.save(SecretToken.hash(token), user.id(), now.plus(IdentityService.RESET_LIFETIME));
    mailer.send(
        user.email(),
        "Reset your StablePay password",
        "Someone asked to reset the password of this account. If it was you, use this "
            + "code within 30 minutes:\n\n"
            + token
            + "\n\nIf it was not you, ignore "
            + "this message: nothing changes.");
  }

  /**
   * The user an unexpired, unused one-time token of this kind belongs to, without using it up;
   * checking what the token is for comes next, then {@link #redeem}.
   */
  User holderOf(String token, Kind kind, Instant now) {
    if (!SecretToken.wellFormed(token, kind.prefix)) {
      throw invalid(kind);
    }
    return store
        .peek(SecretToken.hash(token), now)
        .flatMap(users::findById)
        .orElseThrow(() -> invalid(kind));
  }

  /** Uses the token up: only one request can, and only before it expires. */
  void redeem(String token, Kind kind, Instant now) {
    if (!store.consume(SecretToken.hash(token), now)) {
      throw invalid(kind);
    }
  }

  private static InvalidRequestException invalid(Kind kind) {
    return new InvalidValueException("the " + kind.label + " token is invalid, used or expired");
  }
}

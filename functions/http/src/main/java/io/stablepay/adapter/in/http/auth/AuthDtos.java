package io.stablepay.adapter.in.http.auth;

import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.core.domain.identity.TokenPair;
import io.stablepay.core.domain.identity.User;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The JSON of the auth API. Requests never appear in logs: their toString hides secrets. */
final class AuthDtos {

  /** The length rules are the document's; the strength check refuses an easy guess (422). */
  static final String PASSWORD =
      "12 to 128 characters, not easy to guess (checked against"
          + " common and breached passwords and the account's own words)";

  private AuthDtos() {}

  @Serdeable
  record RegisterRequest(
      @Schema(pattern = ApiFormats.EMAIL) @NotBlank @Size(max = 254) String email,
      @Schema(description = PASSWORD, minLength = 12, maxLength = 128) @NotNull String password,
      @Schema(pattern = ApiFormats.TEXT) @NotBlank @Size(max = 100) String firstName,
      @Schema(pattern = ApiFormats.TEXT) @NotBlank @Size(max = 100) String lastName) {

    @Override
    public String toString() {
      return "RegisterRequest[email=" + email + "]";
    }

    /** What identifies a registration for idempotency: everything but the password. */
    Fingerprint fingerprint() {
      return new Fingerprint(email, firstName, lastName);
    }

    @Serdeable
    record Fingerprint(String email, String firstName, String lastName) {}
  }

  /** Not validated at the edge: any malformed login must fail exactly like a wrong one. */
  @Serdeable
  record LoginRequest(
      @Schema(pattern = ApiFormats.EMAIL) @NotBlank String email,
      @Schema(pattern = ApiFormats.TEXT) @NotBlank String password) {

    @Override
    public String toString() {
      return "LoginRequest[email=" + email + "]";
    }
  }

  @Serdeable
  record ForgotPasswordRequest(@Schema(pattern = ApiFormats.EMAIL) @NotBlank String email) {}

  @Serdeable
  record UnlockRequest(
      @Schema(pattern = ApiFormats.TOKEN) @NotBlank @Size(max = 128) String token) {

    @Override
    public String toString() {
      return "UnlockRequest[]";
    }
  }

  @Serdeable
  record UnlockResponse(
      @Schema(description = "always \"unlocked\"", example = "unlocked") String status) {}

  @Serdeable
  record ResetPasswordRequest(
      @Schema(pattern = ApiFormats.TOKEN) @NotBlank String token,
      @Schema(description = PASSWORD, minLength = 12, maxLength = 128) @NotNull String password) {

    @Override
    public String toString() {
      return "ResetPasswordRequest[]";
    }
  }

  @Serdeable
  record UserResponse(
      String id,
      String email,
      String firstName,
      String lastName,
      String role,
      String kycStatus,
      String createdAt) {

    static UserResponse of(User user) {
      return new UserResponse(
          user.id(),
          user.email().value(),
          user.firstName(),
          user.lastName(),
          user.role().name(),
          user.kycStatus().name(),
          user.createdAt().toString());
    }
  }

  /** Carries a refresh token: not validated at the edge, a bad one is simply a 401. */
  @Serdeable
  record RefreshRequest(@Schema(pattern = ApiFormats.TEXT) @NotBlank String refreshToken) {

    @Override
    public String toString() {
      return "RefreshRequest[]";
    }
  }

  @Serdeable
  record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn) {

    static TokenResponse of(TokenPair pair) {
      return new TokenResponse(
          pair.access().value(), pair.refreshToken(), "Bearer", pair.access().expiresInSeconds());
    }

    @Override
    public String toString() {
      return "TokenResponse[expiresIn=" + expiresIn + "]";
    }
  }
}

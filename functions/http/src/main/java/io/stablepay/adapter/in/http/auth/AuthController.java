package io.stablepay.adapter.in.http.auth;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.stablepay.adapter.in.http.SourceAddress;
import io.stablepay.adapter.in.http.auth.AuthDtos.ForgotPasswordRequest;
import io.stablepay.adapter.in.http.auth.AuthDtos.LoginRequest;
import io.stablepay.adapter.in.http.auth.AuthDtos.RefreshRequest;
import io.stablepay.adapter.in.http.auth.AuthDtos.RegisterRequest;
import io.stablepay.adapter.in.http.auth.AuthDtos.ResetPasswordRequest;
import io.stablepay.adapter.in.http.auth.AuthDtos.TokenResponse;
import io.stablepay.adapter.in.http.auth.AuthDtos.UnlockRequest;
import io.stablepay.adapter.in.http.auth.AuthDtos.UnlockResponse;
import io.stablepay.adapter.in.http.auth.AuthDtos.UserResponse;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.adapter.in.http.conventions.IdempotentResponses;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.port.in.Identity;
import io.stablepay.core.port.in.LogInCommand;
import io.stablepay.core.port.in.RegisterCommand;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Accounts and sign-in. Passwords and tokens are never logged or echoed back. */
@DocumentedProblems
@Controller("/api/auth")
@Requires(env = Functions.AUTH_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Auth")
class AuthController {

  private final Identity identity;
  private final IdempotentResponses idempotent;

  AuthController(Identity identity, IdempotentResponses idempotent) {
    this.identity = identity;
    this.idempotent = idempotent;
  }

  @Post("/register")
  @Operation(
      summary =
          "Create an account (password: 12 to 128 characters, not the email, not"
              + " easy to guess by zxcvbn's estimate: 400 with its reason); accepts Idempotency-Key")
  @ApiResponse(
      responseCode = "201",
      description = "the new account",
      content = @Content(schema = @Schema(implementation = UserResponse.class)))
  HttpResponse<String> register(@Valid @Body RegisterRequest request, HttpRequest<?> http) {
    return idempotent.respond(
        http,
        "anonymous:register",
        HttpStatus.CREATED,
        request.fingerprint(),
        () ->
            UserResponse.of(
                identity.register(
                    RegisterCommand.of(
                        request.email(),
                        request.password(),
                        request.firstName(),
                        request.lastName()))));
  }

  @Post("/login")
  @Operation(
      summary =
          "Exchange email and password for an access token (wrong either way: 401;"
              + " after 5 failures of one account from one address, 50 from all addresses, or 100 of one"
              + " address in 15 minutes: 429 with Retry-After; the owner of an account just locked is"
              + " mailed an unlock code)")
  TokenResponse login(@Valid @Body LoginRequest request, HttpRequest<?> http) {
    return TokenResponse.of(
        identity.logIn(
            LogInCommand.of(request.email(), request.password(), SourceAddress.of(http))));
  }

  @Post("/refresh")
  @Operation(
      summary =
          "Exchange a refresh token for a new pair; a reused token ends its family"
              + " and the access tokens issued in it")
  TokenResponse refresh(@Valid @Body RefreshRequest request) {
    return TokenResponse.of(identity.refresh(request.refreshToken()));
  }

  @Post("/logout")
  @Status(HttpStatus.NO_CONTENT)
  @Operation(
      summary =
          "Revoke the refresh token's family (this sign-in on every device) and end"
              + " its access tokens at once",
      security = @SecurityRequirement(name = "bearer"))
  void logout(@Parameter(hidden = true) Caller caller, @Valid @Body RefreshRequest request) {
    identity.logOut(caller, request.refreshToken());
  }

  @Post("/forgot-password")
  @Status(HttpStatus.ACCEPTED)
  @Operation(summary = "Mail a reset code if the account exists (always 202: reveals nothing)")
  void forgotPassword(@Valid @Body ForgotPasswordRequest request) {
    identity.forgotPassword(request.email());
  }

  @Post("/reset-password")
  @Status(HttpStatus.NO_CONTENT)
  @Operation(summary = "Set a new password with a mailed reset code; ends every session")
  void resetPassword(@Valid @Body ResetPasswordRequest request) {
    identity.resetPassword(request.token(), request.password());
  }

  @Post("/unlock")
  @Operation(
      summary =
          "Lift every sign-in lock of an account with the one-time code mailed to its"
              + " owner when the lock engaged (422 if the code is unknown, used or over an hour old)")
  UnlockResponse unlock(@Valid @Body UnlockRequest request) {
    identity.unlock(request.token());
    return new UnlockResponse("unlocked");
  }

  @Get("/unlock")
  @Operation(summary = "The mailed unlock link: the same as POST /api/auth/unlock")
  UnlockResponse unlockByLink(
      @Parameter(schema = @Schema(pattern = ApiFormats.TOKEN, maxLength = 128))
          @QueryValue
          @NotBlank
          @Size(max = 128)
          String token) {
    identity.unlock(token);
    return new UnlockResponse("unlocked");
  }

  @Get("/me")
  @Operation(
      summary = "The account of the access token's holder",
      security = @SecurityRequirement(name = "bearer"))
  UserResponse me(@Parameter(hidden = true) Caller caller) {
    return UserResponse.of(identity.currentUser(caller));
  }
}

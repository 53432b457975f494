package io.stablepay.adapter.in.http.auth;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.identity.ApiKey;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.port.in.ApiKeys;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/**
 * API keys ({@code Authorization: Bearer sk_...}) for merchants' servers. The secret is shown once,
 * at creation; the platform keeps only its keyed hash. Creation takes no Idempotency-Key on
 * purpose: replaying it would mean storing the secret; a lost response is a key to revoke.
 */
@DocumentedProblems
@Controller("/api/auth/api-keys")
@Requires(env = Functions.AUTH_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Auth")
class ApiKeyController {

  private final ApiKeys apiKeys;

  ApiKeyController(ApiKeys apiKeys) {
    this.apiKeys = apiKeys;
  }

  @Post
  @Status(HttpStatus.CREATED)
  @Roles({Role.MERCHANT, Role.ADMIN})
  @Operation(
      summary = "Create an API key; the secret is in this response only",
      security = @SecurityRequirement(name = "bearer"))
  CreatedKey create(@Parameter(hidden = true) Caller caller, @Body NewKey request) {
    ApiKey.Issued issued = apiKeys.createApiKey(caller, request.name());
    return new CreatedKey(KeyView.of(issued.key()), issued.secret());
  }

  @Get
  @Operation(
      summary = "The caller's API keys, without secrets",
      security = @SecurityRequirement(name = "bearer"))
  KeyList list(@Parameter(hidden = true) Caller caller) {
    return new KeyList(apiKeys.apiKeys(caller).stream().map(KeyView::of).toList());
  }

  @Delete("/{id}")
  @Status(HttpStatus.NO_CONTENT)
  @Operation(
      summary = "Revoke one of the caller's API keys",
      security = @SecurityRequirement(name = "bearer"))
  void revoke(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
    apiKeys.revokeApiKey(caller, id);
  }

  @Serdeable
  record NewKey(
      @Schema(description = "a label for the key (default: \"default\")", maxLength = 64) @Nullable
          String name) {}

  @Serdeable
  record KeyView(
      String id,
      String name,
      String createdAt,
      @Nullable String lastUsedAt,
      @Nullable String revokedAt) {
    static KeyView of(ApiKey key) {
      return new KeyView(
          key.id(),
          key.name(),
          key.createdAt().toString(),
          key.lastUsedAt() == null ? null : key.lastUsedAt().toString(),
          key.revokedAt() == null ? null : key.revokedAt().toString());
    }
  }

  @Serdeable
  record CreatedKey(KeyView key, String secret) {

    @Override
    public String toString() {
      return "CreatedKey[" + key.id() + "]";
    }
  }

  @Serdeable
  record KeyList(List<KeyView> data) {}
}

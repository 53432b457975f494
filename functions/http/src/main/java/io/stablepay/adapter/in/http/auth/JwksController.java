package io.stablepay.adapter.in.http.auth;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.port.in.Identity;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** The public keys that verify access tokens (RFC 7517), for anyone who needs to check one. */
@DocumentedProblems
@Controller("/.well-known")
@Requires(env = Functions.AUTH_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Auth")
class JwksController {

  private final Identity identity;

  JwksController(Identity identity) {
    this.identity = identity;
  }

  @Get("/jwks.json")
  @Operation(summary = "JSON Web Key Set of the access-token signing key")
  @ApiResponse(
      responseCode = "200",
      description = "the key set",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = KeySet.class)))
  HttpResponse<String> jwks() {
    return HttpResponse.ok(identity.publicKeySetJson())
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .header("Cache-Control", "public, max-age=300");
  }

  /** What {@link #jwks} answers, for the OpenAPI document (the JSON comes from the core). */
  @Schema(name = "JwkSet")
  record KeySet(List<Key> keys) {}

  /** One public P-256 key (RFC 7518, section 6.2). */
  @Schema(name = "Jwk")
  record Key(String kty, String use, String crv, String kid, String x, String y, String alg) {}
}

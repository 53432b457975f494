package io.stablepay.adapter.in.http.auth;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.stablepay.core.port.in.Identity;
import io.swagger.v3.oas.annotations.Operation;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.stablepay.schema.Functions;

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
  HttpResponse<String> jwks() {
    return HttpResponse.ok(identity.publicKeySetJson())
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .header("Cache-Control", "public, max-age=300");
  }
}

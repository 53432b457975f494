package io.stablepay.adapter.in.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import io.stablepay.schema.Functions;

/** Serves the OpenAPI document generated from the controllers at build time. */
@Hidden
@Requires(env = Functions.BLOCKCHAIN_API)
@Controller("/api/openapi.yml")
class OpenApiController {

  static final String DOCUMENT = "META-INF/swagger/stablepay-api-0.1.yml";

  private final String yaml = read();

  @Get(produces = "application/yaml")
  HttpResponse<String> document() {
    return HttpResponse.ok(yaml).contentType(MediaType.of("application/yaml"))
        .header("Cache-Control", "public, max-age=300");
  }

  private static String read() {
    try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
      if (in == null) {
        throw new IllegalStateException(DOCUMENT + " is missing: the OpenAPI processor did not run");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

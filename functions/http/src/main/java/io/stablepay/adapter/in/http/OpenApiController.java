package io.stablepay.adapter.in.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.json.JsonMapper;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Serves the OpenAPI document generated from the controllers at build time, as YAML and (for
 * clients that only read JSON) as the same document in JSON.
 */
@Hidden
@Requires(env = Functions.BLOCKCHAIN_API)
@Controller("/api")
class OpenApiController {

  static final String DOCUMENT = "META-INF/swagger/stablepay-api-0.1.yml";

  private final String yaml = read();
  private final JsonMapper json;

  OpenApiController(JsonMapper json) {
    this.json = json;
  }

  @Get(value = "/openapi.yml", produces = "application/yaml")
  HttpResponse<String> document() {
    return HttpResponse.ok(yaml)
        .contentType(MediaType.of("application/yaml"))
        .header("Cache-Control", "public, max-age=300");
  }

  @Get(value = "/openapi.json", produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> documentAsJson() throws IOException {
    // the generated YAML quotes every string (no timestamps or other implicit types to convert)
    Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    return HttpResponse.ok(json.writeValueAsString(document))
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .header("Cache-Control", "public, max-age=300");
  }

  static String read() {
    try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
      if (in == null) {
        throw new IllegalStateException(
            DOCUMENT + " is missing: the OpenAPI processor did not run");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

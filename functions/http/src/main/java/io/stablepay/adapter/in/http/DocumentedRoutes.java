package io.stablepay.adapter.in.http;

import io.micronaut.context.annotation.Requires;
import io.stablepay.schema.Functions;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The routes of the whole API, read from the OpenAPI document, for the function behind the
 * gateway's default route (this one): a request no route took is either for a path the API does not
 * have (404) or for a documented path with a method it does not take (405, with the methods it does
 * take in {@code Allow}), although another function serves that path.
 */
@Singleton
@Requires(env = Functions.BLOCKCHAIN_API)
public final class DocumentedRoutes {

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final List<Route> routes;

  DocumentedRoutes() {
    this(OpenApiController.read());
  }

  DocumentedRoutes(String document) {
    Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(document);
    List<Route> found = new ArrayList<>();
    if (root.get("paths") instanceof Map<?, ?> paths) {
      paths.forEach(
          (template, operations) -> {
            Set<String> methods = new TreeSet<>();
            if (operations instanceof Map<?, ?> byMethod) {
              byMethod.keySet().stream()
                  .map(String::valueOf)
                  .filter(METHODS::contains)
                  .map(m -> m.toUpperCase(Locale.ROOT))
                  .forEach(methods::add);
            }
            found.add(new Route(pattern(String.valueOf(template)), Set.copyOf(methods)));
          });
    }
    this.routes = List.copyOf(found);
  }

  /** The methods the document gives {@code path}, or empty when it has no such path. */
  public Optional<Set<String>> methodsOf(String path) {
    Set<String> methods = new TreeSet<>();
    boolean known = false;
    for (Route route : routes) {
      if (route.path().matcher(path).matches()) {
        known = true;
        methods.addAll(route.methods());
      }
    }
    return known ? Optional.of(methods) : Optional.empty();
  }

  /** {@code /api/payments/{id}/pay} as a pattern: a parameter is one path segment. */
  private static Pattern pattern(String template) {
    StringBuilder regex = new StringBuilder();
    for (String part : template.split("\\{[^/}]+}", -1)) {
      if (!regex.isEmpty()) {
        regex.append("[^/]+");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }

  private record Route(Pattern path, Set<String> methods) {}
}

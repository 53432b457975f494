package io.stablepay.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Keeps the documentation honest: every route the README and docs/ name (in text, tables and curl
 * examples) is in the generated OpenAPI document, every relative link points to a file (and
 * heading) that exists, and the README stays short.
 */
class DocsTest {

  /** The repository, as the root pom gives it to the tests; else two levels up (functions/http). */
  static final Path ROOT =
      Path.of(System.getProperty("stablepay.root", "../..")).toAbsolutePath().normalize();

  static final int README_MAX_LINES = 250;

  /** `GET /api/...` in text or a table; the path runs to a space, quote, bracket or comma. */
  private static final Pattern NAMED_ROUTE =
      Pattern.compile(
          "\\b(GET|POST|PUT|PATCH|DELETE)\\s+(/(?:api|\\.well-known)(?:/[^\\s`'\"|()\\[\\]<>,;]*)?)");

  private static final Pattern CURL_URL =
      Pattern.compile("(?:https?://)?(?:localhost|127\\.0\\.0\\.1)(?::\\d+)?(/[^\\s'\"]*)");
  private static final Pattern CURL_METHOD = Pattern.compile("\\s(?:-X|--request)\\s+(\\w+)");
  private static final Pattern CURL_BODY =
      Pattern.compile("\\s(?:-d|--data|--data-raw|--data-binary|--json|-F|--form)\\s");
  private static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?");
  private static final Pattern REFERENCE_LINK =
      Pattern.compile("(?m)^\\s{0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s|$)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");
  private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```[^\\n]*$");
  private static final Pattern INLINE_CODE = Pattern.compile("`+[^`\\n]*`+");
  private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "patch", "delete");

  @Test
  void everyRouteTheDocsNameIsInTheOpenApiDocumentOrIsALocalOnlyRoute() {
    Map<String, Set<String>> document = documentedOperations();
    Set<String> hidden = hiddenRoutes();
    String devServer =
        read(
            ROOT.resolve(
                "functions/local-runtime/src/main/java/io/stablepay/local/DevServer.java"));

    Map<String, Set<String>> named = namedRoutes(linkDocuments());
    List<String> unknown = new ArrayList<>();
    named.forEach(
        (route, where) -> {
          String method = route.substring(0, route.indexOf(' '));
          String path = route.substring(route.indexOf(' ') + 1);
          boolean known;
          if (path.startsWith("/api/dev/")) {
            // the local runtime's own routes (faucet, miner, mailbox): no deployment has them
            known = devServer.contains("createContext(\"" + path + "\"");
          } else if (hidden.contains(route)) {
            known = true;
          } else {
            known =
                resolve(document, path)
                    .map(template -> document.get(template).contains(method))
                    .orElse(false);
          }
          if (!known) {
            unknown.add(route + " (in " + String.join(", ", where) + ")");
          }
        });

    assertThat(named)
        .as("routes found in the docs: the parser reads them")
        .hasSizeGreaterThan(60)
        .containsKeys(
            "POST /api/payments/{id}/refund",
            "POST /api/wallet/transfer",
            "GET /.well-known/jwks.json",
            "POST /api/payments/$PAY/refund");
    assertThat(unknown)
        .as("routes the docs name that the OpenAPI document does not have")
        .isEmpty();
  }

  @Test
  void everyOperationOfTheDocumentIsNamedInTheReadmeOrAnAreaPage() {
    Map<String, Set<String>> named =
        namedRoutes(
            linkDocuments().stream()
                .filter(file -> !file.endsWith(Path.of("docs", "api", "routes.md")))
                .toList());
    List<String> missing = new ArrayList<>();
    documentedOperations()
        .forEach(
            (template, methods) ->
                methods.forEach(
                    method -> {
                      if (!named.containsKey(method + " " + template)) {
                        missing.add(method + " " + template);
                      }
                    }));

    assertThat(missing).as("operations no page of the docs names (as METHOD /path)").isEmpty();
  }

  @Test
  void everyRelativeLinkPointsToAFileAndHeadingThatExist() {
    List<String> broken = new ArrayList<>();
    Map<Path, Set<String>> anchors = new HashMap<>();
    int checked = 0;
    for (Path file : linkDocuments()) {
      String text = withoutCode(read(file));
      List<String> targets = new ArrayList<>();
      INLINE_LINK.matcher(text).results().map(m -> m.group(1)).forEach(targets::add);
      REFERENCE_LINK.matcher(text).results().map(m -> m.group(1)).forEach(targets::add);
      for (String target : targets) {
        if (target.matches("(?i)^[a-z][a-z0-9+.-]*:.*")) {
          continue; // https:, mailto: ...
        }
        checked++;
        String pathPart = target.replaceAll("[?#].*$", "");
        String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
        Path linked = pathPart.isEmpty() ? file : file.getParent().resolve(pathPart).normalize();
        String where = ROOT.relativize(file) + ": " + target;
        if (!linked.startsWith(ROOT) || !Files.exists(linked)) {
          broken.add(where + " (no such file)");
        } else if (anchor != null
            && !anchor.isEmpty()
            && linked.toString().endsWith(".md")
            && !anchors.computeIfAbsent(linked, DocsTest::anchorsOf).contains(anchor)) {
          broken.add(where + " (no such heading)");
        }
      }
    }

    assertThat(checked).as("relative links found").isGreaterThan(50);
    assertThat(broken).as("relative links that lead nowhere").isEmpty();
  }

  @Test
  void theReadmeStaysShort() {
    long lines = read(ROOT.resolve("README.md")).lines().count();

    assertThat(lines).as("README.md lines: detail belongs in docs/").isLessThan(README_MAX_LINES);
  }

  @Test
  void aConcretePathMatchesTheMostSpecificTemplate() {
    Map<String, Set<String>> document =
        new TreeMap<>(
            Map.of(
                "/api/payments/{id}",
                Set.of("GET"),
                "/api/payments/request",
                Set.of("POST"),
                "/api/payments/{id}/refund",
                Set.of("POST")));

    assertThat(resolve(document, "/api/payments/$PAY/refund"))
        .contains("/api/payments/{id}/refund");
    assertThat(resolve(document, "/api/payments/{id}/refund"))
        .contains("/api/payments/{id}/refund");
    assertThat(resolve(document, "/api/payments/request")).contains("/api/payments/request");
    assertThat(resolve(document, "/api/payments/req_1")).contains("/api/payments/{id}");
    assertThat(resolve(document, "/api/payments/{paymentId}/refund")).isEmpty();
    assertThat(resolve(document, "/api/payments/X/refund/")).contains("/api/payments/{id}/refund");
    assertThat(resolve(document, "/api/payments/X/refunds")).isEmpty();
    assertThat(resolve(document, "/api/payments")).isEmpty();
  }

  @Test
  void curlCommandsAreReadWithTheirMethod() {
    Map<String, Set<String>> routes =
        routesIn(
            "x.md",
            """
        ```sh
        curl -s localhost:4000/api/wallet/transfer -H "Authorization: Bearer $A" \\
          -H 'content-type: application/json' -d '{"to":"b"}'
        curl -s 'localhost:4000/api/wallet/fees?network=ETHEREUM' -H "Authorization: Bearer $A"
        curl -s -X POST localhost:4000/api/merchant/webhooks/deliveries/<event id>/redeliver
        curl -s -X PUT "$UPLOAD_URL" --data-binary @passport.pdf
        ```
        `PATCH /api/subscriptions/{id}` and GET /api/payments/requests?status=&limit=.
        """);

    assertThat(routes.keySet())
        .containsExactlyInAnyOrder(
            "POST /api/wallet/transfer",
            "GET /api/wallet/fees",
            "POST /api/merchant/webhooks/deliveries/X/redeliver",
            "PATCH /api/subscriptions/{id}",
            "GET /api/payments/requests");
  }

  @Test
  void headingsGiveGitHubsAnchors() {
    Set<String> anchors =
        anchorsIn(
            """
        # Escrow
        ## Held on-chain: `"network"`
        ## 400 or 422
        ## The administrator's side
        ```sh
        # not a heading
        ```
        ## Escrow
        """);

    assertThat(anchors)
        .containsExactlyInAnyOrder(
            "escrow", "held-on-chain-network", "400-or-422", "the-administrators-side", "escrow-1");
  }

  // -- the OpenAPI document ------------------------------------------------------------------

  /** Path template to its methods (upper case), from the document the build generated. */
  @SuppressWarnings("unchecked")
  static Map<String, Set<String>> documentedOperations() {
    Map<String, Object> root =
        new Yaml(new SafeConstructor(new LoaderOptions())).load(OpenApiController.read());
    Map<String, Set<String>> operations = new TreeMap<>();
    ((Map<String, Object>) root.get("paths"))
        .forEach(
            (template, byMethod) ->
                operations.put(
                    template,
                    ((Map<String, Object>) byMethod)
                        .keySet().stream()
                            .filter(OPERATIONS::contains)
                            .map(m -> m.toUpperCase(Locale.ROOT))
                            .collect(Collectors.toCollection(TreeSet::new))));
    assertThat(operations).as("paths of the generated document").hasSizeGreaterThan(50);
    return operations;
  }

  /** The document's own routes, which it leaves out of itself (OpenApiController is @Hidden). */
  static Set<String> hiddenRoutes() {
    String base = OpenApiController.class.getAnnotation(Controller.class).value();
    Set<String> routes = new TreeSet<>();
    for (Method method : OpenApiController.class.getDeclaredMethods()) {
      Get get = method.getAnnotation(Get.class);
      if (get != null) {
        routes.add("GET " + base + get.value());
      }
    }
    assertThat(routes).contains("GET /api/openapi.yml");
    return routes;
  }

  /**
   * The template {@code path} reaches, as a router picks it: same number of segments, each literal
   * equal, a concrete segment also matching a parameter, a parameter only the same parameter; of
   * several, the one with the most literal segments. Empty when none matches.
   */
  static Optional<String> resolve(Map<String, Set<String>> document, String path) {
    String[] segments = path.replaceAll("/+$", "").split("/", -1);
    String best = null;
    int bestLiterals = -1;
    for (String template : document.keySet()) {
      String[] parts = template.split("/", -1);
      if (parts.length != segments.length) {
        continue;
      }
      int literals = 0;
      boolean matches = true;
      for (int i = 0; i < parts.length && matches; i++) {
        boolean parameter = parts[i].startsWith("{");
        if (segments[i].startsWith("{")) {
          matches = segments[i].equals(parts[i]);
        } else if (parameter) {
          matches = !segments[i].isEmpty();
        } else {
          matches = segments[i].equals(parts[i]);
          literals++;
        }
      }
      if (matches && literals > bestLiterals) {
        best = template;
        bestLiterals = literals;
      }
    }
    return Optional.ofNullable(best);
  }

  // -- reading the docs ----------------------------------------------------------------------

  /** README.md, CONTRIBUTING.md and every page under docs/. */
  static List<Path> linkDocuments() {
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("README.md"));
    files.add(ROOT.resolve("CONTRIBUTING.md"));
    files.addAll(docsPages());
    files.forEach(file -> assertThat(file).exists());
    return files;
  }

  private static List<Path> docsPages() {
    try (Stream<Path> walk = Files.walk(ROOT.resolve("docs"))) {
      return walk.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Route (METHOD /path) to the files naming it. */
  static Map<String, Set<String>> namedRoutes(List<Path> files) {
    Map<String, Set<String>> routes = new TreeMap<>();
    for (Path file : files) {
      routesIn(ROOT.relativize(file).toString(), read(file))
          .forEach(
              (route, where) ->
                  routes.computeIfAbsent(route, r -> new LinkedHashSet<>()).addAll(where));
    }
    return routes;
  }

  /**
   * The routes a page names: {@code METHOD /path} anywhere (text, tables, code) and every curl to
   * localhost, its method from {@code -X}, else POST with a body, else GET. A placeholder in angle
   * brackets is one path segment ({@code <event id>} too); the query is left out.
   */
  static Map<String, Set<String>> routesIn(String name, String markdown) {
    Map<String, Set<String>> routes = new TreeMap<>();
    String text = markdown.replaceAll("<[^<>\\n]*>", "X");
    Matcher named = NAMED_ROUTE.matcher(text);
    while (named.find()) {
      add(routes, named.group(1) + " " + named.group(2), name);
    }
    for (String command : text.replaceAll("\\\\\\r?\\n", " ").split("\\r?\\n")) {
      int curl = command.indexOf("curl ");
      if (curl < 0) {
        continue;
      }
      command = " " + command.substring(curl);
      Matcher url = CURL_URL.matcher(command);
      if (!url.find()) {
        continue;
      }
      Matcher explicit = CURL_METHOD.matcher(command);
      String method =
          explicit.find()
              ? explicit.group(1).toUpperCase(Locale.ROOT)
              : CURL_BODY.matcher(command).find() ? "POST" : "GET";
      add(routes, method + " " + url.group(1), name);
    }
    return routes;
  }

  private static void add(Map<String, Set<String>> routes, String route, String where) {
    String clean = route.replaceAll("[?#].*$", "").replaceAll("[.:]+$", "");
    routes.computeIfAbsent(clean, r -> new LinkedHashSet<>()).add(where);
  }

  /** Fenced blocks and inline code spans blanked: links and headings are never in them. */
  static String withoutCode(String markdown) {
    String text = FENCE.matcher(markdown).replaceAll("");
    return INLINE_CODE.matcher(text).replaceAll("code");
  }

  private static Set<String> anchorsOf(Path file) {
    return anchorsIn(read(file));
  }

  /** GitHub's heading anchors: lower case, punctuation out, spaces to hyphens, -1 for repeats. */
  static Set<String> anchorsIn(String markdown) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    Matcher heading = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
    while (heading.find()) {
      String slug =
          heading
              .group(1)
              .replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1")
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N} _-]", "")
              .replace(' ', '-');
      int count = seen.merge(slug, 1, Integer::sum);
      anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
    }
    return anchors;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

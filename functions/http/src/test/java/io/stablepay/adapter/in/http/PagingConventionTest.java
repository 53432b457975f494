package io.stablepay.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every list pages the same way, as the generated document promises it: {@code limit} from 1 to
 * {@value PageRequest#MAX_LIMIT}, an opaque base64url {@code cursor}, and an answer of {@code data}
 * and {@code nextCursor} (null on the last page).
 */
class PagingConventionTest {

  private final Map<String, Object> document = load();

  @Test
  void everyRouteTakingACursorTakesABoundedLimitAndAnswersDataAndTheNextCursor() {
    List<String> paged = new ArrayList<>();
    forEachOperation(
        (route, operation) -> {
          Map<String, Object> cursor = parameter(operation, "cursor");
          if (cursor == null) {
            return;
          }
          paged.add(route);
          assertThat(map(cursor.get("schema")).get("pattern"))
              .as("%s: the cursor's form", route)
              .isEqualTo(ApiFormats.CURSOR);
          Map<String, Object> limit = parameter(operation, "limit");
          assertThat(limit).as("%s takes a cursor but no limit", route).isNotNull();
          assertThat(map(limit.get("schema")))
              .as("%s: the limit's bounds", route)
              .containsEntry("minimum", 1)
              .containsEntry("maximum", PageRequest.MAX_LIMIT);
          Map<String, Object> page = answer(operation);
          assertThat(map(page.get("properties")))
              .as("%s answers a page", route)
              .containsKeys("data", "nextCursor");
          assertThat(map(map(page.get("properties")).get("data")))
              .as("%s: data is the list", route)
              .containsEntry("type", "array");
          assertThat(map(map(page.get("properties")).get("nextCursor")))
              .as("%s: nextCursor is null on the last page", route)
              .containsEntry("type", "string")
              .containsEntry("nullable", true);
        });
    assertThat(paged)
        .as("the lists that page")
        .hasSizeGreaterThanOrEqualTo(9)
        .contains(
            "GET /api/wallet/transactions",
            "GET /api/payments/requests",
            "GET /api/admin/users",
            "GET /api/escrow");
  }

  @Test
  void everyAnswerWithANextCursorComesFromARouteThatTakesOne() {
    forEachOperation(
        (route, operation) -> {
          Map<String, Object> answer = answer(operation);
          if (answer != null
              && answer.get("properties") != null
              && map(answer.get("properties")).containsKey("nextCursor")) {
            assertThat(parameter(operation, "cursor"))
                .as("%s hands out a cursor it cannot take back", route)
                .isNotNull();
          }
        });
  }

  @Test
  void whatTheDocumentAcceptsAsACursorIsWhatThePageRequestAccepts() {
    for (String cursor : List.of("YWJj", "a-b_c", "a".repeat(1024))) {
      assertThat(cursor).matches(ApiFormats.CURSOR);
      assertThat(PageRequest.of(null, cursor).cursor()).isEqualTo(cursor);
    }
    for (String cursor : List.of("a+b", "a=b", "", "a".repeat(1025))) {
      assertThat(cursor).doesNotMatch(ApiFormats.CURSOR);
      assertThatThrownBy(() -> PageRequest.of(10, cursor))
          .isInstanceOf(InvalidRequestException.class);
    }
    assertThat(PageRequest.of(null, null).limit()).isEqualTo(PageRequest.DEFAULT_LIMIT);
    assertThatThrownBy(() -> PageRequest.of(PageRequest.MAX_LIMIT + 1, null))
        .isInstanceOf(InvalidRequestException.class);
  }

  private void forEachOperation(BiConsumer<String, Map<String, Object>> check) {
    map(document.get("paths"))
        .forEach(
            (path, byMethod) ->
                map(byMethod)
                    .forEach(
                        (verb, op) -> {
                          if (op instanceof Map<?, ?>) {
                            check.accept(verb.toUpperCase(Locale.ROOT) + " " + path, map(op));
                          }
                        }));
  }

  private static Map<String, Object> parameter(Map<String, Object> operation, String name) {
    Object parameters = operation.get("parameters");
    if (parameters == null) {
      return null;
    }
    return ((List<?>) parameters)
        .stream()
            .map(PagingConventionTest::map)
            .filter(p -> name.equals(p.get("name")) && "query".equals(p.get("in")))
            .findFirst()
            .orElse(null);
  }

  /** The schema of the 200 JSON answer, its reference resolved; null without one. */
  private Map<String, Object> answer(Map<String, Object> operation) {
    Map<String, Object> ok = map(map(operation.get("responses")).get("200"));
    if (ok == null || ok.get("content") == null) {
      return null;
    }
    Map<String, Object> json = map(map(ok.get("content")).get("application/json"));
    if (json == null) {
      return null;
    }
    Map<String, Object> schema = map(json.get("schema"));
    Object ref = schema.get("$ref");
    if (ref == null) {
      return schema;
    }
    String name = ref.toString().substring("#/components/schemas/".length());
    return map(map(map(document.get("components")).get("schemas")).get(name));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static Map<String, Object> load() {
    return Objects.requireNonNull(
        new Yaml(new SafeConstructor(new LoaderOptions())).load(OpenApiController.read()));
  }
}

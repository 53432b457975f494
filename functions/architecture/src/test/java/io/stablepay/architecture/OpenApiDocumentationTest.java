package io.stablepay.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every public route is in the generated OpenAPI document, with a summary, its problem+json errors,
 * and no parameter a client cannot send (the caller comes from the bearer token).
 */
class OpenApiDocumentationTest {

  private static final Map<Class<? extends Annotation>, String> VERBS =
      Map.of(
          Get.class,
          "get",
          Post.class,
          "post",
          Put.class,
          "put",
          Delete.class,
          "delete",
          Patch.class,
          "patch");

  @Test
  @SuppressWarnings("unchecked")
  void everyRouteIsDocumented() throws Exception {
    Map<String, Object> paths;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("META-INF/swagger/stablepay-api-0.1.yml")) {
      paths = (Map<String, Object>) new Yaml().<Map<String, Object>>load(in).get("paths");
    }

    List<String> routes = new ArrayList<>();
    for (JavaClass type :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.stablepay")) {
      if (!type.isAnnotatedWith(Controller.class) || type.isAnnotatedWith(Hidden.class)) {
        continue;
      }
      Class<?> controller = type.reflect();
      String base = controller.getAnnotation(Controller.class).value();
      for (Method method : controller.getDeclaredMethods()) {
        for (var verb : VERBS.entrySet()) {
          Annotation route = method.getAnnotation(verb.getKey());
          if (route == null || method.isAnnotationPresent(Hidden.class)) {
            continue;
          }
          String path =
              (base + (String) route.annotationType().getMethod("value").invoke(route))
                  .replaceAll("/$", "");
          routes.add(verb.getValue() + " " + path);
          Map<String, Object> operations = (Map<String, Object>) paths.get(path);
          assertThat(operations)
              .as("%s %s is not in the OpenAPI document", verb.getValue(), path)
              .isNotNull()
              .containsKey(verb.getValue());
          Map<String, Object> operation = (Map<String, Object>) operations.get(verb.getValue());
          assertThat(operation.get("summary"))
              .as("%s %s has no summary", verb.getValue(), path)
              .isNotNull();
          assertThat((List<Map<String, Object>>) operation.getOrDefault("parameters", List.of()))
              .as(
                  "%s %s documents the caller, which the bearer token gives, as a parameter",
                  verb.getValue(), path)
              .noneMatch(parameter -> "caller".equals(parameter.get("name")));
          assertThat(String.valueOf(operation.get("responses")))
              .as("%s %s does not document its problem+json errors", verb.getValue(), path)
              .contains("application/problem+json");
        }
      }
    }
    assertThat(routes)
        .contains(
            "get /api/health",
            "post /api/auth/login",
            "get /api/admin/users",
            "get /api/blockchain/tx/{hash}");
  }
}

package io.stablepay.adapter.in.http.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.stablepay.core.domain.DomainException;
import io.stablepay.core.domain.RetryLater;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every refusal the domain can raise has its own status here, so a new one is never answered by the
 * fallback 400 by accident; and each answers as a problem document with its type, status and the
 * headers its status promises.
 */
class DomainExceptionHandlerTest {

  private final DomainExceptionHandler handler = new DomainExceptionHandler();

  @Test
  void everyRefusalOfTheDomainHasAStatusOfItsOwn() throws Exception {
    List<DomainException> refusals = everyRefusal();
    assertThat(refusals).hasSizeGreaterThan(20);
    for (DomainException refusal : refusals) {
      assertThat(DomainExceptionHandler.STATUS)
          .as(refusal.getClass().getName())
          .containsKey(refusal.code());

      HttpResponse<?> answer = handler.handle(HttpRequest.GET("/api/x"), refusal);

      int status = DomainExceptionHandler.STATUS.get(refusal.code());
      assertThat(answer.code()).as(refusal.code()).isEqualTo(status);
      assertThat(answer.getContentType())
          .map(Object::toString)
          .contains("application/problem+json");
      Problem problem = (Problem) answer.getBody().orElseThrow();
      assertThat(problem.type()).isEqualTo("urn:stablepay:problem:" + refusal.code());
      assertThat(problem.status()).isEqualTo(status);
      assertThat(problem.instance()).isEqualTo("/api/x");
      assertThat(answer.getHeaders().contains("WWW-Authenticate"))
          .as(refusal.code())
          .isEqualTo(status == 401);
      assertThat(answer.getHeaders().contains("Retry-After"))
          .as(refusal.code())
          .isEqualTo(status == 503 || refusal instanceof RetryLater);
    }
  }

  @Test
  void aRefusalThatSaysWhenToRetryGivesItsSecondsAtLeastOne() throws Exception {
    for (DomainException refusal : everyRefusal()) {
      if (refusal instanceof RetryLater) {
        HttpResponse<?> answer = handler.handle(HttpRequest.GET("/api/x"), refusal);
        assertThat(Long.parseLong(answer.getHeaders().get("Retry-After"))).isPositive();
      }
    }
  }

  /** One instance of every concrete DomainException in the core, built from plain arguments. */
  private static List<DomainException> everyRefusal() throws Exception {
    List<DomainException> found = new ArrayList<>();
    for (JavaClass type :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.stablepay.core")) {
      if (!type.isAssignableTo(DomainException.class)) {
        continue;
      }
      Class<?> refusal = type.reflect();
      if (!Modifier.isAbstract(refusal.getModifiers())) {
        found.add(instance(refusal));
      }
    }
    return found;
  }

  private static DomainException instance(Class<?> type) throws Exception {
    Exception last = null;
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      constructor.setAccessible(true);
      Object[] arguments = new Object[constructor.getParameterCount()];
      Class<?>[] types = constructor.getParameterTypes();
      for (int i = 0; i < types.length; i++) {
        arguments[i] = plain(types[i]);
      }
      try {
        return (DomainException) constructor.newInstance(arguments);
      } catch (ReflectiveOperationException | RuntimeException e) {
        last = e;
      }
    }
    throw new IllegalStateException("no way to build " + type.getName(), last);
  }

  private static Object plain(Class<?> type) {
    if (type == String.class) {
      return "x";
    } else if (type == int.class || type == long.class) {
      return type == int.class ? (Object) 1 : (Object) 1L;
    } else if (type == boolean.class) {
      return false;
    } else if (type.isEnum()) {
      return type.getEnumConstants()[0];
    } else if (type == Duration.class) {
      return Duration.ofSeconds(7);
    } else if (type == Instant.class) {
      return Instant.EPOCH;
    } else if (type == BigInteger.class) {
      return BigInteger.ONE;
    } else if (Collection.class.isAssignableFrom(type)) {
      return Set.class.isAssignableFrom(type) ? Set.of() : List.of();
    } else if (type == Map.class) {
      return Map.of();
    } else if (type == Optional.class) {
      return Optional.empty();
    }
    return null;
  }
}

package io.stablepay.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.stablepay.adapter.in.http.ApiGatewayFunction;
import io.stablepay.devstack.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The function jars as the build leaves them (make build, before the tests): shaded, then shrunk by
 * ProGuard (functions/function-jar.pro). Their unzipped sizes, which Lambda caps at 262,144,000
 * bytes and which a cold start pays for, are held under 60 MB each; and what the shrinking cannot
 * see being used (the classes that service files, the AWS SDK's execution.interceptors files and
 * META-INF/micronaut name, the directory entries Micronaut lists them by) is checked to be there.
 */
class FunctionJarsIT {

  /** Every function jar's ceiling, unzipped. */
  static final long CEILING = 60_000_000L;

  @Test
  void everyFunctionJarIsUnderSixtyMegabytesUnzipped() throws IOException {
    for (Path jar : functionJars()) {
      assertThat(unzipped(jar)).as("%s unzipped", jar.getFileName()).isLessThan(CEILING);
    }
  }

  @Test
  void everyClassAServiceFileAnInterceptorFileOrMicronautNamesIsInTheJar() throws IOException {
    for (Path jar : functionJars()) {
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        List<String> named = new ArrayList<>();
        Set<String> directories = new HashSet<>();
        Set<String> listedIn = new HashSet<>();
        for (ZipEntry entry : Collections.list(zip.entries())) {
          String name = entry.getName();
          if (entry.isDirectory()) {
            directories.add(name);
          } else if (name.startsWith("META-INF/services/")
              && zip.getEntry(classFile(name.substring("META-INF/services/".length()))) != null) {
            // a service whose interface is not in the jar (an optional integration of a library
            // the function does not have) is never looked up
            try (InputStream in = zip.getInputStream(entry)) {
              new String(in.readAllBytes(), StandardCharsets.UTF_8)
                  .lines()
                  .map(line -> line.replaceAll("#.*", "").strip())
                  .filter(line -> !line.isEmpty())
                  .forEach(named::add);
            }
          } else if (name.startsWith("software/amazon/awssdk/")
              && name.endsWith("execution.interceptors")) {
            // the SDK instantiates these by name whenever it builds the service's client
            try (InputStream in = zip.getInputStream(entry)) {
              new String(in.readAllBytes(), StandardCharsets.UTF_8)
                  .lines()
                  .map(String::strip)
                  .filter(line -> !line.isEmpty())
                  .forEach(named::add);
            }
          } else if (name.startsWith("META-INF/micronaut/")) {
            named.add(name.substring(name.lastIndexOf('/') + 1));
            listedIn.add(name.substring(0, name.lastIndexOf('/') + 1));
          }
        }
        assertThat(directories)
            .as("%s: the directories Micronaut lists its beans by", jar.getFileName())
            .containsAll(listedIn);
        assertThat(named).as("%s names classes", jar.getFileName()).isNotEmpty();
        for (String className : named) {
          assertThat(zip.getEntry(classFile(className)))
              .as("%s: %s", jar.getFileName(), className)
              .isNotNull();
        }
      }
    }
  }

  /**
   * Each API function's jar carries the controllers its environment switches on and no other (each
   * module's shade filter on stablepay-http): another area's controller would cost its bean
   * definition and its DTOs' introspections at every cold start, and a controller filtered out of
   * its own function would leave its routes without a handler. The env-limited beans a function
   * needs (the caller binder, the idempotency store, ...) must be there too.
   */
  @Test
  void everyApiJarHoldsItsOwnControllersAndNoOther() throws IOException, ClassNotFoundException {
    List<Class<?>> limited = envLimitedHttpClasses();
    assertThat(limited)
        .as("the http module's controllers")
        .anyMatch(type -> type.isAnnotationPresent(Controller.class));
    int apiJars = 0;
    for (Path jar : functionJars()) {
      String module = jar.getFileName().toString().replace(".jar", "");
      String api = module.replace("-function", "-api");
      if (limited.stream().noneMatch(type -> environments(type).contains(api))) {
        continue;
      }
      apiJars++;
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        for (Class<?> type : limited) {
          boolean present = zip.getEntry(classFile(type.getName())) != null;
          if (environments(type).contains(api)) {
            assertThat(present).as("%s needs %s", module, type.getName()).isTrue();
          } else if (type.isAnnotationPresent(Controller.class)) {
            assertThat(present)
                .as("%s carries %s (%s)", module, type.getName(), environments(type))
                .isFalse();
          }
        }
      }
    }
    assertThat(apiJars).as("API function jars").isEqualTo(8);
  }

  @Test
  void everyFunctionModuleBuildsItsJar() throws IOException {
    assertThat(functionJars()).hasSize(10);
  }

  /** Each function module's jar, {@code functions/<module>/target/<module>.jar}. */
  static List<Path> functionJars() throws IOException {
    Path functions = Tools.projectRoot().resolve("functions");
    try (var modules = Files.list(functions)) {
      List<Path> jars =
          modules
              .map(path -> path.getFileName().toString())
              .filter(name -> name.endsWith("-function"))
              .sorted()
              .map(name -> functions.resolve(name).resolve("target").resolve(name + ".jar"))
              .toList();
      assertThat(jars).as("run make build first").allMatch(Files::isRegularFile);
      return jars;
    }
  }

  /** The http module's classes that some function environments switch on, and only those. */
  private static List<Class<?>> envLimitedHttpClasses() throws IOException, ClassNotFoundException {
    Path module =
        Path.of(
            URI.create(
                ApiGatewayFunction.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toString()));
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(module)) {
      try (var files = Files.walk(module)) {
        files
            .map(file -> module.relativize(file).toString().replace('\\', '/'))
            .forEach(names::add);
      }
    } else {
      try (ZipFile zip = new ZipFile(module.toFile())) {
        zip.stream().map(ZipEntry::getName).forEach(names::add);
      }
    }
    List<Class<?>> limited = new ArrayList<>();
    for (String name : names) {
      if (name.endsWith(".class") && !name.contains("$")) {
        Class<?> type =
            Class.forName(
                name.substring(0, name.length() - ".class".length()).replace('/', '.'),
                false,
                FunctionJarsIT.class.getClassLoader());
        if (!environments(type).isEmpty()) {
          limited.add(type);
        }
      }
    }
    return limited;
  }

  /** The environments a class's {@code @Requires(env = ...)} names. */
  private static Set<String> environments(Class<?> type) {
    Set<String> environments = new HashSet<>();
    for (Requires requires : type.getAnnotationsByType(Requires.class)) {
      environments.addAll(List.of(requires.env()));
    }
    return environments;
  }

  private static String classFile(String className) {
    return className.replace('.', '/') + ".class";
  }

  /** What {@code jar} takes unzipped (what Lambda's limit counts). */
  static long unzipped(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream().mapToLong(entry -> Math.max(0, entry.getSize())).sum();
    }
  }
}

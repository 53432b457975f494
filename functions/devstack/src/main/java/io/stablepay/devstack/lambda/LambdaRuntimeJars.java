package io.stablepay.devstack.lambda;

import io.stablepay.devstack.Tools;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The runtime every local java21 function JVM runs on, as the build leaves it in {@code
 * functions/devstack/target/lambda-runtime/}: the AWS Lambda Runtime Interface Client with the jars
 * it needs (its classpath; never the function's code) and, under {@code jni/}, the client's native
 * HTTP library for each platform.
 *
 * <p>The native library is handed to each JVM by path because the client's own fallback unpacks it
 * to one fixed file, {@code /tmp/.libaws-lambda-jni.so}, which JVMs starting side by side overwrite
 * under each other.
 *
 * @param directory where the runtime is ({@code LAMBDA_RUNTIME_DIR} of the functions)
 * @param classpath the runtime's jars, in a stable order
 * @param nativeClient the client's JNI library for this machine
 */
public record LambdaRuntimeJars(Path directory, List<Path> classpath, Path nativeClient) {

  /** Where the build copies the runtime, relative to the repository root. */
  public static final String BUILD_DIRECTORY = "functions/devstack/target/lambda-runtime";

  private static final String CLIENT_JAR_PREFIX = "aws-lambda-java-runtime-interface-client-";

  public LambdaRuntimeJars {
    classpath = List.copyOf(classpath);
  }

  /** The runtime the build left in this repository ({@link #BUILD_DIRECTORY}). */
  public static LambdaRuntimeJars fromBuild() {
    return in(Tools.projectRoot().resolve(BUILD_DIRECTORY));
  }

  /**
   * The runtime in {@code directory}: every jar directly in it, and the native library for this
   * operating system and architecture from its {@code jni/} folder.
   *
   * @throws IllegalStateException naming what is missing and how to get it
   */
  public static LambdaRuntimeJars in(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw missing(directory + " is missing");
    }
    List<Path> jars;
    try (Stream<Path> files = Files.list(directory)) {
      jars =
          files
              .filter(file -> file.getFileName().toString().endsWith(".jar"))
              .map(Path::toAbsolutePath)
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
    if (jars.stream()
        .noneMatch(jar -> jar.getFileName().toString().startsWith(CLIENT_JAR_PREFIX))) {
      throw missing("no " + CLIENT_JAR_PREFIX + "*.jar in " + directory);
    }
    Path nativeClient = directory.resolve("jni").resolve(nativeLibraryName()).toAbsolutePath();
    if (!Files.isRegularFile(nativeClient)) {
      throw missing(
          nativeClient
              + " is missing (this machine: "
              + System.getProperty("os.name")
              + " "
              + System.getProperty("os.arch")
              + ")");
    }
    return new LambdaRuntimeJars(directory.toAbsolutePath(), jars, nativeClient);
  }

  /** The classpath as the {@code java -cp} argument. */
  public String classpathArgument() {
    return String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList());
  }

  /** The client's file name for this machine: glibc or musl, x86_64 or aarch_64. */
  private static String nativeLibraryName() {
    String arch =
        switch (System.getProperty("os.arch").toLowerCase(Locale.ROOT)) {
          case "amd64", "x86_64" -> "x86_64";
          case "aarch64", "arm64" -> "aarch_64";
          default ->
              throw new IllegalStateException(
                  "the Lambda runtime interface client has no "
                      + "native library for "
                      + System.getProperty("os.arch"));
        };
    boolean musl;
    try (Stream<Path> loaders = Files.list(Path.of("/lib"))) {
      musl = loaders.anyMatch(file -> file.getFileName().toString().startsWith("ld-musl-"));
    } catch (IOException e) {
      musl = false;
    }
    return "libaws-lambda-jni.linux" + (musl ? "_musl-" : "-") + arch + ".so";
  }

  private static IllegalStateException missing(String what) {
    return new IllegalStateException(
        "the local Lambda runtime is not built: " + what + "; run `make build`");
  }
}

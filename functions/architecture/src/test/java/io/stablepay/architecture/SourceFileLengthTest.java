package io.stablepay.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No main source file of any module is over {@link #MAX_LINES} lines: a class that grows past it
 * does more than one thing and is split by responsibility. Test sources are not counted.
 */
class SourceFileLengthTest {

  static final int MAX_LINES = 400;

  /** The repository: this module is {@code functions/architecture}, where its tests run. */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();

  @Test
  void noMainSourceFileIsOverFourHundredLines() throws IOException {
    List<Path> sources = mainSources();
    List<String> tooLong =
        sources.stream()
            .filter(file -> lines(file) > MAX_LINES)
            .map(file -> ROOT.relativize(file) + " (" + lines(file) + " lines)")
            .sorted()
            .toList();

    assertThat(sources)
        .as("main sources found under %s", ROOT)
        .anyMatch(file -> file.endsWith(Path.of("core/service/EscrowService.java")))
        .anyMatch(file -> file.toString().contains("infra-cdk"));
    assertThat(tooLong).as("main source files over %d lines", MAX_LINES).isEmpty();
  }

  private static List<Path> mainSources() throws IOException {
    List<Path> sources = new ArrayList<>();
    Files.walkFileTree(
        ROOT,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
            boolean skipped =
                !dir.equals(ROOT)
                    && (name.equals("target")
                        || name.equals("node_modules")
                        || name.startsWith("."));
            return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (file.toString().endsWith(".java")
                && ROOT.relativize(file).toString().contains("src/main/")) {
              sources.add(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return sources;
  }

  private static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.stablepay.devstack.lambda;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The extracted deployment packages: Lambda's {@code /var/task}, one directory per distinct package
 * content (named by its SHA-256), extracted once and read-only afterwards, so functions deployed
 * from the same jar share it. Closing deletes them all.
 */
final class TaskRoots implements AutoCloseable {

  private final Path root;

  /** Each package by content; different packages are extracted in parallel, each once. */
  private final Map<String, CompletableFuture<Path>> extracted = new ConcurrentHashMap<>();

  TaskRoots() {
    try {
      root = Files.createTempDirectory("stablepay-lambda-task-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the function packages", e);
    }
  }

  /** The directory holding {@code code}'s content, extracting it on first sight of that content. */
  Path extract(Path code) {
    String sha256 = sha256(code);
    CompletableFuture<Path> mine = new CompletableFuture<>();
    CompletableFuture<Path> existing = extracted.putIfAbsent(sha256, mine);
    if (existing != null) {
      return existing.join();
    }
    Path target = root.resolve(sha256);
    try {
      if (code.getFileName().toString().endsWith(".jar")) {
        // a jar goes in lib/ as it is: the runtime's class loader reads lib/*.jar, so the
        // function loads the same classes and resources without tens of thousands of files
        // written and made read-only first (Lambda extracts it; the classpath is the same)
        Files.createDirectories(target.resolve("lib"));
        Files.copy(code, target.resolve("lib").resolve(code.getFileName()));
      } else {
        unzip(code, target);
      }
      makeReadOnly(target);
      mine.complete(target);
      return target;
    } catch (IOException e) {
      UncheckedIOException failure =
          new UncheckedIOException("cannot extract " + code + " (a zip or jar is expected)", e);
      extracted.remove(sha256, mine);
      mine.completeExceptionally(failure);
      throw failure;
    }
  }

  private static void unzip(Path code, Path target) throws IOException {
    Files.createDirectories(target);
    int entries = 0;
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(code))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        entries++;
        Path destination = target.resolve(entry.getName()).normalize();
        if (!destination.startsWith(target)) {
          throw new IOException("entry " + entry.getName() + " points outside the package");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(destination);
        } else {
          Files.createDirectories(destination.getParent());
          Files.copy(zip, destination);
        }
      }
    }
    if (entries == 0) {
      throw new IOException(code + " has no entries");
    }
  }

  private static void makeReadOnly(Path target) throws IOException {
    try (Stream<Path> paths = Files.walk(target)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Files.setPosixFilePermissions(
            path,
            PosixFilePermissions.fromString(Files.isDirectory(path) ? "r-xr-xr-x" : "r--r--r--"));
      }
    }
  }

  private static String sha256(Path code) {
    try (DigestInputStream in =
        new DigestInputStream(Files.newInputStream(code), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + code, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deletes every extracted package (their directories are made writable again first). */
  @Override
  public synchronized void close() {
    extracted.clear();
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
              return FileVisitResult.CONTINUE;
            }
          });
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(path);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}

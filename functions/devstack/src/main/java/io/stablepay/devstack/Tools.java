package io.stablepay.devstack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project keeps the tools `make deps` installs: the virtualenv with MiniStack and the npm
 * packages (anvil, solc, the CDK CLI). Nothing is looked up on the PATH, so the versions are the
 * pinned ones.
 */
public final class Tools {

  private Tools() {}

  /** The repository root: system property {@code stablepay.root}, else found from the cwd. */
  public static Path projectRoot() {
    String configured = System.getProperty("stablepay.root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml"))
          && Files.isDirectory(dir.resolve("contracts"))
          && Files.isDirectory(dir.resolve("functions"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the project root from "
            + Path.of("").toAbsolutePath()
            + "; run from the repository or set -Dstablepay.root");
  }

  public static Path anvil() {
    return require(
        projectRoot().resolve("contracts/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"));
  }

  /** forge, for the Solidity tests and the deployment script ({@code contracts/script}). */
  public static Path forge() {
    return require(
        projectRoot().resolve("contracts/node_modules/@foundry-rs/forge-linux-amd64/bin/forge"));
  }

  public static Path python() {
    return require(projectRoot().resolve(".venv/bin/python"));
  }

  private static Path require(Path tool) {
    if (!Files.isExecutable(tool)) {
      throw new IllegalStateException(tool + " is missing: run `make deps` first");
    }
    return tool;
  }
}

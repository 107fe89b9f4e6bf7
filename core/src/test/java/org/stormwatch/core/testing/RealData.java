package org.stormwatch.core.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The third-party captures and logs in {@code ../shared/data/real/} beside the repository. Tests
 * that need them skip with a message where the folder is absent (a user's clone), and fail in CI,
 * where it must be.
 */
public final class RealData {
  private RealData() {}

  /** The folder, found from the working directory upwards, or {@code null}. */
  public static Path findRoot() {
    String configured = System.getProperty("stormwatch.realdata");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared").resolve("data").resolve("real");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      candidate = dir.resolve("shared").resolve("data").resolve("real");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** The folder; skips the test (fails it in CI) when it is absent. */
  public static Path root() {
    Path root = findRoot();
    if (root == null) {
      if (Ci.isCi()) {
        fail("../shared/data/real is missing, but CI must have it");
      }
      assumeTrue(
          false, "../shared/data/real is absent: test skipped (it runs where ../shared exists)");
    }
    return root;
  }

  /** Every capture in {@code pcap/}, sorted by name. */
  public static List<Path> captures() {
    return list(root().resolve("pcap"), ".pcap", ".pcapng");
  }

  public static List<Path> list(Path dir, String... suffixes) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> Stream.of(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

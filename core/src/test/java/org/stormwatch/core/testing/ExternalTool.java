package org.stormwatch.core.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A reference tool (tshark, psad, nmblookup...) that a test runs as a peer. Outside CI a missing
 * tool skips the test with a message; in CI, where {@code .ci/run} installs it, it fails the test.
 */
public final class ExternalTool {
  private ExternalTool() {}

  /** The tool's path on PATH (or in /usr/sbin, /sbin), or {@code null}. */
  public static Path find(String name) {
    String path =
        System.getenv().getOrDefault("PATH", "")
            + File.pathSeparator
            + "/usr/sbin"
            + File.pathSeparator
            + "/sbin";
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** The tool's path; skips the test outside CI, fails it in CI, when it is not installed. */
  public static Path require(String name, String debianPackage) {
    Path tool = find(name);
    if (tool == null) {
      String message = name + " is not installed (Debian package " + debianPackage + ")";
      if (Ci.isCi()) {
        fail(message + ", but CI must have it: .ci/run installs it");
      }
      assumeTrue(false, message + ": test skipped");
    }
    return tool;
  }
}

package org.stormwatch.core.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.input.InputException;

class RealLogSamplesTest {
  @Test
  void printAll() throws IOException, InputException {
    assumeTrue(Files.isDirectory(LogTesting.REAL_LOGS), "no real logs at " + LogTesting.REAL_LOGS);
    List<Path> files;
    try (Stream<Path> s = Files.walk(LogTesting.REAL_LOGS)) {
      files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    for (Path f : files) {
      LogTesting.Result r = LogTesting.read(f, LogOptions.defaults());
      System.out.println(
          "== "
              + f.getFileName()
              + " units="
              + r.stats().units()
              + " probes="
              + r.stats().probes()
              + " not="
              + r.stats().notProbes()
              + " malformed="
              + r.stats().malformed()
              + " "
              + r.stats().examples()
              + " "
              + r.stats().warnings());
      assertThat(r.addsUp()).isTrue();
    }
  }
}

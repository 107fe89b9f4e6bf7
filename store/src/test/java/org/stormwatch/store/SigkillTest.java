package org.stormwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.model.Probe;

/**
 * An ingesting process killed with SIGKILL at random moments (mid-commit included) loses nothing it
 * reported as stored, and leaves nothing half-counted: after each kill, every printed receipt is
 * stored, and the stored counts equal exactly the counts of the batches whose submissions are
 * stored.
 */
class SigkillTest {
  @TempDir Path tmp;

  @Test
  void killedIngest_keepsEveryReceipt_andCountsOnlyWholeBatches() throws Exception {
    Path dir = tmp.resolve("data");
    Random random = new Random(42);
    Map<String, Long> printed = new LinkedHashMap<>();
    for (int round = 0; round < 3; round++) {
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx1g",
                  "-cp",
                  System.getProperty("java.class.path"),
                  IngestLoop.class.getName(),
                  dir.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      // Let it commit a few new batches, then kill it at a random moment of the next one.
      int fresh = 0;
      while (fresh < 2) {
        String line = lines.readLine();
        assertThat(line).as("the child died early").isNotNull();
        String[] f = line.split(" ");
        printed.put(f[1], Long.parseLong(f[3]));
        if (f[4].equals("false")) {
          fresh++;
        }
      }
      Thread.sleep(random.nextInt(1500));
      // kill -9 rather than Process.destroyForcibly, which closes the pipe we still read from.
      assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(child.pid())).start().waitFor())
          .isZero();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      // Lines it printed before dying count as promised too.
      String line;
      while ((line = lines.readLine()) != null) {
        String[] f = line.split(" ");
        printed.put(f[1], Long.parseLong(f[3]));
      }
      try (History h = History.open(StoreLocation.directory(dir))) {
        for (Map.Entry<String, Long> e : printed.entrySet()) {
          assertThat(h.submission(e.getKey()))
              .as("receipt " + e.getKey())
              .hasValueSatisfying(r -> assertThat(r.probes()).isEqualTo(e.getValue()));
        }
        List<Probe> stored = new ArrayList<>();
        int batches = 0;
        for (int i = 0; h.submission("loop-" + i).isPresent(); i++) {
          stored.addAll(IngestLoop.batch(i));
          batches++;
        }
        assertThat(h.submissions()).isEqualTo(batches);
        assertThat(batches).isBetween(printed.size(), printed.size() + 1);
        List<Probe> asLoop = stored.stream().map(p -> p.withSensor("loop")).toList();
        assertThat(h.portActivity(PortQuery.all(BucketSize.HOUR)))
            .isEqualTo(HistoryContract.expected(asLoop, BucketSize.HOUR, null));
        assertThat(h.sensors().get(0).probes()).isEqualTo(stored.size());
      }
    }
  }
}

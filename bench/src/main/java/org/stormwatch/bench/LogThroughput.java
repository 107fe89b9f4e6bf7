package org.stormwatch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.logs.LogInputs;
import org.stormwatch.core.logs.LogOptions;

/**
 * End-to-end log throughput of the core path, for the comparison with mawk: opens a file through
 * {@link LogInputs} (format detection included), reads every line and counts probes per destination
 * port, as a port report would. The stormwatch CLI does not exist yet in this branch, so this main
 * stands in for it. Prints lines, probes, seconds and lines per second for each run.
 *
 * <p>Usage: {@code LogThroughput FILE [RUNS]} (default 5 runs; the first ones warm the JIT up).
 */
public final class LogThroughput {
  private LogThroughput() {}

  public static void main(String[] args) throws IOException, InputException {
    Path file = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    LogOptions options =
        LogOptions.defaults().withFileModified(Files.getLastModifiedTime(file).toInstant());
    for (int run = 1; run <= runs; run++) {
      long[] perPort = new long[65536 * 3];
      ReadStats stats = new ReadStats();
      long start = System.nanoTime();
      try (InputStream in = Files.newInputStream(file)) {
        LogInputs.open(file.getFileName().toString(), in, options)
            .read(p -> perPort[p.protocol().ordinal() * 65536 + p.dstPort()]++, stats);
      }
      double secs = (System.nanoTime() - start) / 1e9;
      long ports = 0;
      for (long n : perPort) {
        if (n > 0) {
          ports++;
        }
      }
      System.out.printf(
          "run %d: %d lines, %d probes, %d (proto, port) pairs, %.3f s, %.0f lines/s%n",
          run, stats.units(), stats.probes(), ports, secs, stats.units() / secs);
    }
    System.out.println("finished " + Instant.now());
  }
}

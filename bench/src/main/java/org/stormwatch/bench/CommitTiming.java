package org.stormwatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.store.Batch;
import org.stormwatch.store.History;
import org.stormwatch.store.StoreLocation;

/**
 * Times small {@code History} commits into a big day: first fills one day with {@code FILL}
 * submissions of {@code PROBES} random probes (random IPv4 sources, a third to 137/udp, the rest to
 * ports 1-1024, as {@code ServeLoad} sends), then times {@code TIMED} more commits of the same kind
 * and prints their median, p90 and max.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.stormwatch.bench.CommitTiming DIR [FILL] [TIMED] [PROBES]
 * </pre>
 */
public final class CommitTiming {
  private static final long DAY = 1_033_171_200L; // 2002-09-28

  private CommitTiming() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int fill = args.length > 1 ? Integer.parseInt(args[1]) : 120;
    int timed = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    int probes = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
    if (Files.exists(dir)) {
      throw new IllegalArgumentException(dir + " exists: give a fresh directory");
    }
    SplittableRandom r = new SplittableRandom(7);
    try (History h = History.open(StoreLocation.directory(dir))) {
      long t0 = System.nanoTime();
      for (int i = 0; i < fill; i++) {
        commit(h, "fill-" + i, r, probes);
      }
      double fillSeconds = (System.nanoTime() - t0) / 1e9;
      long[] nanos = new long[timed];
      for (int i = 0; i < timed; i++) {
        long s = System.nanoTime();
        commit(h, "timed-" + i, r, probes);
        nanos[i] = System.nanoTime() - s;
      }
      Arrays.sort(nanos);
      System.out.printf(
          Locale.ROOT,
          "fill: %d commits of %d probes in %.1f s (%.1f ms each); then %d commits:"
              + " median %.1f ms, p90 %.1f ms, max %.1f ms%n",
          fill,
          probes,
          fillSeconds,
          fillSeconds * 1000 / Math.max(1, fill),
          timed,
          nanos[timed / 2] / 1e6,
          nanos[(int) (timed * 0.9)] / 1e6,
          nanos[timed - 1] / 1e6);
    }
  }

  private static void commit(History h, String key, SplittableRandom r, int n) {
    Batch b = h.begin("s" + r.nextInt(20), key);
    for (int i = 0; i < n; i++) {
      long time = (DAY + r.nextInt(86_400)) * 1_000_000_000L;
      long[] src =
          IpAddresses.parse(
              (1 + r.nextInt(223))
                  + "."
                  + r.nextInt(256)
                  + "."
                  + r.nextInt(256)
                  + "."
                  + r.nextInt(256));
      long[] dst = IpAddresses.parse("172.16." + r.nextInt(256) + "." + r.nextInt(256));
      int port = r.nextInt(3) == 0 ? 137 : 1 + r.nextInt(1024);
      b.accept(Probe.of(time, src, 1025 + r.nextInt(64_000), dst, port, Protocol.UDP));
    }
    b.commit(Map.of());
  }
}

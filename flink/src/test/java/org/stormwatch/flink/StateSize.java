package org.stormwatch.flink;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.DistinctCounter;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.sim.Scenario;
import org.stormwatch.core.sim.ScenarioGenerator;

/**
 * Measures the job's state in checkpoint bytes on a simulated stream: the window cells of one day
 * (per (port, protocol)), the store's hour cells of that day (with {@code --db}), the detection
 * histories after the whole scenario, and the pooled fingerprint mix (the mix operator's open
 * bucket, the quiet-delta operator's last sent counts, detection's broadcast state). For
 * docs/capacity.md; not a test. Arguments: [scale (1)].
 */
public final class StateSize {
  private StateSize() {}

  public static void main(String[] args) throws IOException {
    double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1;
    Scenario scenario = Scenario.preset("port137-2002", 1, scale);
    BucketSize bucket = BucketSize.DAY;
    Map<Long, Map<Integer, BucketCell>> days = new HashMap<>();
    long[] probes = {0};
    new ScenarioGenerator(scenario)
        .generate(
            sp -> {
              Probe p = sp.probe();
              probes[0]++;
              days.computeIfAbsent(bucket.startOf(p.timeNanos()), d -> new HashMap<>())
                  .computeIfAbsent(
                      Operators.key(p.dstPort(), p.protocol()), k -> new BucketCell(bucket))
                  .add(p);
            });
    long busiest = 0;
    long busiestBytes = 0;
    int busiestCells = 0;
    int sketches = 0;
    Map<Integer, PortHistory> histories = new HashMap<>();
    for (Map.Entry<Long, Map<Integer, BucketCell>> day : days.entrySet()) {
      long bytes = 0;
      int daySketches = 0;
      for (Map.Entry<Integer, BucketCell> cell : day.getValue().entrySet()) {
        bytes += size(Codecs.CELL, cell.getValue());
        daySketches +=
            cell.getValue().sources.isExact() && cell.getValue().targets.isExact() ? 0 : 1;
        histories
            .computeIfAbsent(cell.getKey(), k -> new PortHistory())
            .put(cell.getValue().row(), bucket);
      }
      long records = day.getValue().values().stream().mapToLong(c -> c.records).sum();
      if (records > busiest) {
        busiest = records;
        busiestBytes = bytes;
        busiestCells = day.getValue().size();
        sketches = daySketches;
      }
    }
    // the busiest day's hour cells, as the store path's windows hold them until the day closes
    long busiestDay =
        days.entrySet().stream()
            .max(
                java.util.Comparator.comparingLong(
                    e -> e.getValue().values().stream().mapToLong(c -> c.records).sum()))
            .orElseThrow()
            .getKey();
    Map<Long, BucketCell> hours = new HashMap<>();
    new ScenarioGenerator(scenario)
        .generate(
            sp -> {
              Probe p = sp.probe();
              if (bucket.startOf(p.timeNanos()) == busiestDay) {
                hours
                    .computeIfAbsent(
                        BucketSize.HOUR.startOf(p.timeNanos()) << 20
                            | Operators.key(p.dstPort(), p.protocol()),
                        k -> new BucketCell(BucketSize.HOUR))
                    .add(p);
              }
            });
    long hourBytes = 0;
    for (BucketCell c : hours.values()) {
      hourBytes += size(Codecs.CELL, c);
    }
    // the pooled mix: per protocol and day, the quiet cells' counts summed
    Map<Long, Map<String, Long>> mix = new HashMap<>();
    long quietCells = 0;
    long quietBytes = 0;
    long busiestQuietBytes = 0;
    for (Map.Entry<Long, Map<Integer, BucketCell>> day : days.entrySet()) {
      long index = Math.floorDiv(day.getKey(), bucket.seconds());
      long dayQuiet = 0;
      for (BucketCell c : day.getValue().values()) {
        Map<String, Long> quiet =
            org.stormwatch.core.detect.FingerprintMix.quietPart(c.fingerprints().counts());
        if (!quiet.isEmpty()) {
          quietCells++;
          long b = size(Codecs.MIX, new MixCounts(c.protocol, index, quiet));
          quietBytes += b;
          dayQuiet += b;
        }
        quiet.forEach(
            (k, v) ->
                mix.computeIfAbsent(index << 2 | c.protocol.ordinal(), x -> new HashMap<>())
                    .merge(k, v, Long::sum));
      }
      if (day.getKey() == busiestDay) {
        busiestQuietBytes = dayQuiet;
      }
    }
    long mixBytes = 0;
    long mixValues = 0;
    long mixBiggest = 0;
    for (Map.Entry<Long, Map<String, Long>> e : mix.entrySet()) {
      long b =
          size(
              Codecs.MIX,
              new MixCounts(
                  org.stormwatch.core.model.Protocol.values()[(int) (e.getKey() & 3)],
                  e.getKey() >> 2,
                  e.getValue()));
      mixBytes += b;
      mixBiggest = Math.max(mixBiggest, b);
      mixValues += e.getValue().size();
    }
    System.out.printf(
        "busiest day's hour cells: %,d cells, %,d bytes (%,.0f bytes a cell)%n"
            + "quiet cells: %,d of all days, %,d bytes of quiet counts (%,.0f a cell);"
            + " busiest day %,d bytes%n"
            + "pooled mix: %,d (protocol, day) entries, %,d values, %,d bytes"
            + " (largest entry %,d bytes, %,.0f bytes a day)%n",
        hours.size(),
        hourBytes,
        (double) hourBytes / hours.size(),
        quietCells,
        quietBytes,
        (double) quietBytes / quietCells,
        busiestQuietBytes,
        mix.size(),
        mixValues,
        mixBytes,
        mixBiggest,
        (double) mixBytes / days.size());
    long historyBytes = 0;
    for (PortHistory h : histories.values()) {
      historyBytes += size(Codecs.HISTORY, h);
    }
    System.out.printf(
        "%,d probes over %d days (scale %s)%n"
            + "busiest day: %,d probes, %,d cells (%d with a sketch), window state %,d bytes"
            + " (%,.0f bytes a cell)%n"
            + "detection state after %d days: %,d series, %,d bytes (%,.0f bytes a series-day)%n"
            + "one HLL sketch (lg K %d): %,d bytes serialized%n",
        probes[0],
        days.size(),
        scale,
        busiest,
        busiestCells,
        sketches,
        busiestBytes,
        (double) busiestBytes / busiestCells,
        days.size(),
        histories.size(),
        historyBytes,
        (double) historyBytes / histories.values().stream().mapToInt(h -> h.counts.size()).sum(),
        DistinctCounter.LG_K,
        sketchBytes());
    System.out.println("at " + Instant.now());
  }

  private static int sketchBytes() {
    DistinctCounter c = new DistinctCounter();
    for (long i = 1; i <= 100_000; i++) {
      c.addKey(i * 0x9E3779B97F4A7C15L);
    }
    return c.toBytes().length;
  }

  private static <T> long size(TypeInformation<T> type, T value) throws IOException {
    TypeSerializer<T> s = type.createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(1024);
    s.serialize(value, out);
    return out.length();
  }
}

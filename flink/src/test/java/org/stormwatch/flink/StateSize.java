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
 * (per (port, protocol)) and the detection histories after the whole scenario. For
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

package org.stormwatch.core.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.aggregate.PortActivityAggregator;
import org.stormwatch.core.model.IpAddresses;

/**
 * Computes the {@link Truth} while the probes stream past: every probe goes to a {@link
 * PortActivityAggregator} (the same code the port report runs, so the truth is by definition what a
 * perfect reader of the output would report), outbreak probes to a second one as well, and per
 * outbreak the probe count and its distinct sources. Memory: the aggregators' (cells and distinct
 * address pairs) plus one set entry per outbreak source.
 */
public final class TruthRecorder implements SimulationSink {
  private final Scenario scenario;
  private final BucketSize bucket;
  private final PortActivityAggregator all;
  private final PortActivityAggregator outbreak;
  private final long[] outbreakProbes;
  private final List<Set<Long>> outbreakSources = new ArrayList<>();
  private final long[] firstProbe;
  private long probes;

  public TruthRecorder(Scenario scenario, BucketSize bucket) {
    this.scenario = scenario;
    this.bucket = bucket;
    this.all = new PortActivityAggregator(bucket);
    this.outbreak = new PortActivityAggregator(bucket);
    int n = scenario.outbreaks().size();
    this.outbreakProbes = new long[n];
    this.firstProbe = new long[n];
    for (int i = 0; i < n; i++) {
      outbreakSources.add(new HashSet<>());
      firstProbe[i] = Long.MAX_VALUE;
    }
  }

  @Override
  public void accept(SimulatedProbe p) {
    probes++;
    all.accept(p.probe());
    int i = p.outbreak();
    if (i >= 0) {
      outbreak.accept(p.probe());
      outbreakProbes[i]++;
      outbreakSources.get(i).add(IpAddresses.v4(p.probe().srcLo()));
      firstProbe[i] = Math.min(firstProbe[i], p.probe().timeNanos());
    }
  }

  public Truth truth() {
    Map<List<Object>, PortActivity> ofOutbreaks = new HashMap<>();
    for (PortActivity row : outbreak.rows()) {
      ofOutbreaks.put(key(row), row);
    }
    List<Truth.BucketTruth> buckets = new ArrayList<>();
    for (PortActivity row : all.rows()) {
      PortActivity o = ofOutbreaks.get(key(row));
      buckets.add(
          new Truth.BucketTruth(
              row.start(),
              row.port(),
              row.protocol(),
              row.records(),
              row.sources(),
              row.targets(),
              o == null ? 0 : o.records(),
              o == null ? 0 : o.sources()));
    }
    List<Truth.OutbreakTruth> outbreaks = new ArrayList<>();
    for (int i = 0; i < outbreakProbes.length; i++) {
      outbreaks.add(
          new Truth.OutbreakTruth(
              scenario.outbreaks().get(i),
              outbreakProbes[i],
              outbreakSources.get(i).size(),
              firstProbe[i] == Long.MAX_VALUE
                  ? null
                  : Instant.ofEpochSecond(0, 0).plusNanos(firstProbe[i])));
    }
    return new Truth(scenario, bucket, probes, outbreaks, buckets);
  }

  private static List<Object> key(PortActivity row) {
    return List.of(row.start(), row.port(), row.protocol());
  }
}

package org.stormwatch.core.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.ProbeSink;
import org.stormwatch.core.scan.Address;
import org.stormwatch.core.scan.ScannerDetector;

/**
 * Counts the reach of surges already detected: fed the probes again, it keeps the exact sets of
 * sources and targets of each alert's port between its onset and the end of its last bucket, then
 * tells the distinct counts and how many of the sources a scanner detector flagged.
 *
 * <p>Why a second look: which ports surge is known only once all buckets are in, and keeping exact
 * address sets for every port and bucket in case one surges would cost memory in proportion to all
 * traffic. The second look keeps sets for the surging ports alone: memory in proportion to their
 * distinct sources and targets (about 100 bytes each).
 */
public final class SurgeReach implements ProbeSink {
  private final List<Alert> alerts;
  private final Map<Integer, List<Integer>> alertsByKey = new HashMap<>();
  private final long[] fromNanos;
  private final long[] toNanos;
  private final List<Set<Address>> sources = new ArrayList<>();
  private final List<Set<Address>> targets = new ArrayList<>();

  public SurgeReach(List<Alert> alerts, BucketSize bucket) {
    this.alerts = List.copyOf(alerts);
    fromNanos = new long[alerts.size()];
    toNanos = new long[alerts.size()];
    for (int i = 0; i < alerts.size(); i++) {
      Alert a = alerts.get(i);
      alertsByKey
          .computeIfAbsent(key(a.port(), a.protocol().ordinal()), k -> new ArrayList<>())
          .add(i);
      fromNanos[i] = nanos(a.onset());
      toNanos[i] = nanos(a.last().plusSeconds(bucket.seconds()));
      sources.add(new HashSet<>());
      targets.add(new HashSet<>());
    }
  }

  @Override
  public void accept(Probe p) {
    List<Integer> candidates = alertsByKey.get(key(p.dstPort(), p.protocol().ordinal()));
    if (candidates == null) {
      return;
    }
    for (int i : candidates) {
      if (p.timeNanos() >= fromNanos[i] && p.timeNanos() < toNanos[i]) {
        sources.get(i).add(new Address(p.srcHi(), p.srcLo()));
        targets.get(i).add(new Address(p.dstHi(), p.dstLo()));
      }
    }
  }

  /**
   * The alerts with their reach, in the order given.
   *
   * @param scanners the detector that saw every contact of the same inputs, or null when none ran
   */
  public List<Alert> counted(ScannerDetector scanners, BucketSize bucket) {
    List<Alert> out = new ArrayList<>(alerts.size());
    for (int i = 0; i < alerts.size(); i++) {
      long flagged = scanners == null ? -1 : scanners.scannersAmong(sources.get(i));
      Reach reach = new Reach(sources.get(i).size(), targets.get(i).size(), flagged);
      out.add(alerts.get(i).withReach(reach, bucket));
    }
    return out;
  }

  private static int key(int port, int protocol) {
    return (protocol << 16) | port;
  }

  private static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }
}

package org.stormwatch.flink;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.detect.DetectionReport;
import org.stormwatch.core.detect.Detector;
import org.stormwatch.core.detect.FeatureCounts;
import org.stormwatch.core.detect.FeatureHistograms;
import org.stormwatch.core.detect.FingerprintMix;
import org.stormwatch.core.detect.FingerprintSources;
import org.stormwatch.core.detect.PortSeries;
import org.stormwatch.core.detect.SurgeDetector;
import org.stormwatch.core.model.Protocol;

/**
 * The keyed state of one (port, protocol) for detection: its closed buckets (counts and feature
 * histograms) and which versions of its alerts were already emitted. Plain Java, no Flink: the
 * detection operator stores it and calls {@link #detect} as buckets close.
 *
 * <p>Why re-run the whole series: core's {@link Detector} is a pure function of a series, and its
 * scan is causal (a bucket is judged on the buckets before it; an alert's onset and detection
 * bucket never change once raised, only its last bucket, counts, trend and explanation grow). So
 * running it on the series up to the newest closed bucket and emitting only new or changed alerts
 * gives, when the stream ends, exactly the alerts {@code Detector.run} gives on the same rows. The
 * series starts at {@code origin} (zero-filled) so that its baseline sees the same quiet days as
 * the single-machine run; without an origin it starts at the port's first bucket.
 *
 * <p>The fingerprint source sets of each bucket feed the fingerprint alarm, as in {@code detect} on
 * files; its floor for rare values reads the mix pooled over every port's quiet cells, which the
 * job computes in one place and passes in (on one port alone the pool would hold only that port). A
 * history restored from a checkpoint of state version 1 has no sets for its buckets up to {@code
 * fingerprintsFrom}: a series reaching back to them runs without the alarm rather than read them as
 * no sources.
 */
final class PortHistory {
  final TreeMap<Long, long[]> counts = new TreeMap<>();
  final TreeMap<Long, FeatureCounts> features = new TreeMap<>();
  final TreeMap<Long, FingerprintSources> fingerprints = new TreeMap<>();
  final Map<Long, Integer> emitted = new HashMap<>();
  long fingerprintsFrom = Long.MIN_VALUE;
  int port;
  Protocol protocol = Protocol.TCP;

  /** Stores a bucket's row, replacing an earlier version of the same bucket. */
  void put(BucketRow row, BucketSize bucket) {
    PortActivity a = row.activity();
    port = a.port();
    protocol = a.protocol();
    long index = Math.floorDiv(a.start().getEpochSecond(), bucket.seconds());
    counts.put(index, new long[] {a.records(), a.sources(), a.targets()});
    features.put(index, row.features());
    fingerprints.put(index, row.fingerprints());
  }

  /**
   * Runs the detector on the series from the origin to the newest bucket and returns the alerts not
   * emitted before in this exact version, marking them emitted. The fingerprint alarm pools only
   * this port's quiet cells; the job passes the pooled mix of every port instead ({@link #detect(
   * Detector, BucketSize, Instant, long, FingerprintMix)}).
   */
  List<Alert> detect(Detector detector, BucketSize bucket, Instant origin) {
    return counts.isEmpty() ? List.of() : detect(detector, bucket, origin, counts.lastKey(), null);
  }

  /**
   * Runs the detector on the series from the origin to bucket {@code upTo} and returns the alerts
   * not emitted before in this exact version, marking them emitted.
   *
   * @param mix the fingerprint mix pooled over every port's quiet cells, indexed by bucket index
   *     (bucket start / bucket length), holding at least the buckets up to {@code upTo}; null: pool
   *     this port's own cells, as core's detector does on the series alone
   */
  List<Alert> detect(
      Detector detector, BucketSize bucket, Instant origin, long upTo, FingerprintMix mix) {
    if (counts.isEmpty() || counts.firstKey() > upTo) {
      return List.of();
    }
    List<PortActivity> rows = new ArrayList<>(counts.size() + 1);
    long first = counts.firstKey();
    if (origin != null) {
      long originIndex = Math.floorDiv(origin.getEpochSecond(), bucket.seconds());
      if (originIndex < first) {
        rows.add(
            new PortActivity(
                Instant.ofEpochSecond(originIndex * bucket.seconds()), port, protocol, 0, 0, 0));
        first = originIndex;
      }
    }
    for (Map.Entry<Long, long[]> e : counts.headMap(upTo, true).entrySet()) {
      long[] c = e.getValue();
      rows.add(
          new PortActivity(
              Instant.ofEpochSecond(e.getKey() * bucket.seconds()),
              port,
              protocol,
              c[0],
              c[1],
              c[2]));
    }
    List<PortSeries> series = PortSeries.of(rows, bucket);
    DetectionReport report =
        mix != null && detector instanceof SurgeDetector surge
            ? surge.detect(series, histograms(bucket), mix.shifted(Math.toIntExact(first)))
            : detector.detect(series, histograms(bucket));
    List<Alert> fresh = new ArrayList<>();
    for (Alert alert : report.alerts()) {
      long detected = alert.detected().getEpochSecond();
      int version = AlertJson.line(alert).hashCode();
      Integer before = emitted.put(detected, version);
      if (before == null || before != version) {
        fresh.add(alert);
      }
    }
    return fresh;
  }

  private FeatureHistograms histograms(BucketSize bucket) {
    return new FeatureHistograms() {
      @Override
      public FeatureCounts sum(int p, Protocol proto, Instant from, Instant to) {
        FeatureCounts out = new FeatureCounts();
        long lo = Math.floorDiv(from.getEpochSecond() + bucket.seconds() - 1, bucket.seconds());
        long hi = Math.floorDiv(to.getEpochSecond() + bucket.seconds() - 1, bucket.seconds());
        if (p == port && proto == protocol && lo < hi) {
          for (FeatureCounts f : features.subMap(lo, hi).values()) {
            out.addAll(f);
          }
        }
        return out;
      }

      @Override
      public FingerprintSources fingerprintSources(int p, Protocol proto, Instant bucketStart) {
        long index = Math.floorDiv(bucketStart.getEpochSecond(), bucket.seconds());
        if (index < fingerprintsFrom) {
          return null;
        }
        FingerprintSources sets = p == port && proto == protocol ? fingerprints.get(index) : null;
        return sets == null ? new FingerprintSources() : sets;
      }
    };
  }
}

package org.stormwatch.flink;

import java.time.Instant;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.DistinctCounter;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.detect.FeatureAggregator;
import org.stormwatch.core.detect.FeatureCounts;
import org.stormwatch.core.detect.FingerprintSources;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * The running aggregate of one (bucket, port, protocol) cell in the job: records, distinct sources
 * and targets in core's {@link DistinctCounter} (exact to 4,096, then HLL, ±1.6% at 95%), and the
 * feature histograms that core's {@link FeatureAggregator} computes. The probe-to-feature rules
 * live in core; this class only holds what they produce. Histograms and fingerprint source sets
 * read back from a checkpoint are kept ({@code restored}, {@code restoredSets}) and added to the
 * live aggregator's when read; the sets merge as a capped union, so a source counts once per cell
 * however the probes were split.
 */
final class BucketCell {
  private final BucketSize bucket;
  long start = Long.MIN_VALUE;
  int port;
  Protocol protocol = Protocol.TCP;
  long records;
  DistinctCounter sources = new DistinctCounter();
  DistinctCounter targets = new DistinctCounter();
  FeatureCounts restored = new FeatureCounts();
  FingerprintSources restoredSets = new FingerprintSources();
  private FeatureAggregator live;

  BucketCell(BucketSize bucket) {
    this.bucket = bucket;
  }

  BucketSize bucket() {
    return bucket;
  }

  void add(Probe p) {
    if (start == Long.MIN_VALUE) {
      start = bucket.startOf(p.timeNanos());
      port = p.dstPort();
      protocol = p.protocol();
    }
    records++;
    sources.add(p.srcHi(), p.srcLo());
    targets.add(p.dstHi(), p.dstLo());
    if (live == null) {
      live = new FeatureAggregator(bucket);
    }
    live.accept(p);
  }

  /** Adds another cell of the same key and bucket. */
  void merge(BucketCell other) {
    if (other.start == Long.MIN_VALUE) {
      return;
    }
    if (start == Long.MIN_VALUE) {
      start = other.start;
      port = other.port;
      protocol = other.protocol;
    }
    records += other.records;
    sources.merge(other.sources);
    targets.merge(other.targets);
    restored.addAll(other.features());
    restoredSets.addAll(other.fingerprints());
  }

  /** The fingerprint source sets of every probe added so far, as a new object. */
  FingerprintSources fingerprints() {
    FingerprintSources out = restoredSets.copy();
    if (live != null && start != Long.MIN_VALUE) {
      out.addAll(live.fingerprintCell(port, protocol, Instant.ofEpochSecond(start)));
    }
    return out;
  }

  /** The histograms of every probe added so far, as a new object. */
  FeatureCounts features() {
    FeatureCounts out = new FeatureCounts();
    out.addAll(restored);
    if (live != null && start != Long.MIN_VALUE) {
      out.addAll(
          live.sum(
              port,
              protocol,
              Instant.ofEpochSecond(start),
              Instant.ofEpochSecond(start + bucket.seconds())));
    }
    return out;
  }

  /**
   * The cell as a port-report row. A sketch estimate can exceed the records when nearly every
   * record has its own address; the true count cannot, so the estimate is capped at the records.
   */
  BucketRow row() {
    return new BucketRow(
        new PortActivity(
            Instant.ofEpochSecond(start),
            port,
            protocol,
            records,
            Math.min(sources.estimate(), records),
            Math.min(targets.estimate(), records)),
        sources.isExact() && targets.isExact(),
        features(),
        fingerprints());
  }
}

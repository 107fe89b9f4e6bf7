package org.stormwatch.core.detect;

import java.time.Instant;
import org.stormwatch.core.model.Protocol;

/**
 * Read access to feature histograms per (bucket, port, protocol), for the explainer. Implemented by
 * {@link FeatureAggregator}; a server or a Flink job can implement it over its own state.
 */
public interface FeatureHistograms {
  /** No histograms: explanations stay empty. */
  FeatureHistograms NONE = (port, protocol, from, to) -> new FeatureCounts();

  /**
   * The histograms of a port summed over the buckets starting in {@code [from, to)}, as a new
   * object the caller may change.
   */
  FeatureCounts sum(int port, Protocol protocol, Instant from, Instant to);

  /**
   * The distinct sources (not probes) showing each fingerprint value ({@code ip_length=52}, {@code
   * ttl=129-255}, {@code ip_length+ttl=60/65-128}) in the bucket starting at {@code bucketStart},
   * as capped source sets ({@link FingerprintSources}: per value at most {@link
   * FingerprintSources#CAP} source hashes, {@link FingerprintSources#counts()} for the counts);
   * empty when the cell saw no probe; {@code null} when the implementation does not count them (the
   * fingerprint alarm is then off). Sources must be counted once per bucket however the probes were
   * batched: cells are merged by {@link FingerprintSources#addAll} (a union), never by adding
   * counts. The fingerprint alarm's window ({@link DetectionSettings#fingerprintWindow()}) takes
   * the union of several buckets' sets. The object may be the implementation's own: the caller must
   * not change it (use {@link FingerprintSources#copy()}).
   */
  default FingerprintSources fingerprintSources(int port, Protocol protocol, Instant bucketStart) {
    return null;
  }
}

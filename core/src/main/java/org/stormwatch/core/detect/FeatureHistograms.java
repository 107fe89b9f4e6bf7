package org.stormwatch.core.detect;

import java.time.Instant;
import java.util.Map;
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
   * each at most {@link FingerprintSources#CAP}, as a new map; {@code null} when the implementation
   * does not count them (the fingerprint alarm is then off). Sources must be counted once per
   * bucket however the probes were batched, so an implementation that merges cells by adding counts
   * must not offer them. The fingerprint alarm's window ({@link
   * DetectionSettings#fingerprintWindow()}) counts a value's sources over several buckets as the
   * union of their sets, which it reads from maps made by {@link FingerprintSources#counts()}: an
   * implementation that returns other (non-empty) maps gets the one-bucket test only.
   */
  default Map<String, Long> fingerprintSources(int port, Protocol protocol, Instant bucketStart) {
    return null;
  }
}

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
}

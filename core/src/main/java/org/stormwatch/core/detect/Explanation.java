package org.stormwatch.core.detect;

/**
 * One feature value that sets a surge apart: its share of the surge's probes and of the baseline's.
 *
 * @param share 0 to 1
 * @param baselineShare 0 to 1; 0 when the baseline had no probes showing the feature
 */
public record Explanation(Feature feature, String value, double share, double baselineShare) {
  public Explanation {
    if (feature == null || value == null) {
      throw new IllegalArgumentException("feature and value are required");
    }
    if (!(share >= 0 && share <= 1) || !(baselineShare >= 0 && baselineShare <= 1)) {
      throw new IllegalArgumentException("shares must be 0 to 1: " + share + ", " + baselineShare);
    }
  }

  /** How much more common the value is in the surge than in the baseline. */
  public double difference() {
    return share - baselineShare;
  }
}

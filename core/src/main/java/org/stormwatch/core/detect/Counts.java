package org.stormwatch.core.detect;

/**
 * Records, sources and targets of a span of buckets. Sources and targets are sums of the per-bucket
 * distinct counts: exact for one bucket, an upper bound on the distinct addresses of a longer span
 * (an address seen on two days counts twice). Baselines are expectations, so the values are
 * doubles.
 */
public record Counts(double records, double sources, double targets) {
  public static final Counts ZERO = new Counts(0, 0, 0);

  public Counts {
    if (!(records >= 0) || !(sources >= 0) || !(targets >= 0)) {
      throw new IllegalArgumentException(
          "counts must be 0 or more: " + records + ", " + sources + ", " + targets);
    }
  }

  public double get(Metric metric) {
    switch (metric) {
      case RECORDS:
        return records;
      case SOURCES:
        return sources;
      default:
        return targets;
    }
  }

  public Counts plus(Counts other) {
    return new Counts(records + other.records, sources + other.sources, targets + other.targets);
  }
}

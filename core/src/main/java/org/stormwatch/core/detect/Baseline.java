package org.stormwatch.core.detect;

/** What a port is expected to see in a bucket, fitted on the buckets before some bucket. */
interface Baseline {
  /** How many buckets of history the fit used. */
  int history();

  /** The expected count of a metric in bucket {@code t} (never below the method's floor). */
  double expected(Metric metric, int t);

  /** The variance of that count around its expectation (at least the Poisson variance). */
  double variance(Metric metric, int t);

  /**
   * The degrees of freedom of the variance estimated from the window (for a Student-t tail), or
   * infinity where the variance is known (Poisson).
   */
  default double degreesOfFreedom(Metric metric, int t) {
    return Double.POSITIVE_INFINITY;
  }
}

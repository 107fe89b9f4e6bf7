package org.stormwatch.core.detect;

/**
 * Dates the start of a surge: Page's CUSUM run backwards from the bucket of the alert.
 *
 * <p>Each bucket's standardised excess of sources over the baseline, {@code z = (x - mu) / sd},
 * minus a reference value {@code k}, is summed from the alert bucket {@code d} backwards; the onset
 * is the bucket {@code j} that maximises {@code sum_{t=j..d} (z_t - k)}. This is the change point
 * of the CUSUM statistic (the last time the forward CUSUM left zero), and the maximum-likelihood
 * change point for a step of size {@code 2k} in Gaussian noise. A bucket before the alert moves the
 * onset back only if it, together with the buckets between it and the alert, stands more than
 * {@code k} standard deviations above the baseline on average.
 *
 * <p>Trade-off: a smaller {@code k} dates slow starts earlier but lets a noise bucket before a
 * surge pull the onset back by one; a larger one dates onsets at the first clearly elevated bucket.
 * Error: on the synthetic surges of the tests, within one bucket of the true onset. Reference: E.
 * S. Page, "Continuous inspection schemes", Biometrika 41 (1954).
 */
final class OnsetEstimator {
  private OnsetEstimator() {}

  /**
   * @param detected the alert bucket
   * @param earliest the earliest bucket the onset may be (inclusive, at most {@code detected})
   * @param reference the reference value k, in standard deviations
   */
  static int estimate(
      PortSeries series, Baseline baseline, int detected, int earliest, double reference) {
    double sum = 0;
    double best = Double.NEGATIVE_INFINITY;
    int onset = detected;
    for (int j = detected; j >= earliest; j--) {
      double mu = baseline.expected(Metric.SOURCES, j);
      double sd = Math.sqrt(baseline.variance(Metric.SOURCES, j));
      sum += (series.value(Metric.SOURCES, j) - mu) / sd - reference;
      if (sum > best) {
        best = sum;
        onset = j;
      }
    }
    return onset;
  }
}

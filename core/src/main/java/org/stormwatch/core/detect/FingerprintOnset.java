package org.stormwatch.core.detect;

import java.util.List;

/**
 * Moves a surge's onset earlier when its fingerprint shows before its source count does.
 *
 * <p>What: the surge's fingerprint is the feature value its explanation names first (the largest
 * difference between its share in the surge and in the baseline, such as a forged NBNS lookup or an
 * IP length). Walking back from the onset that the CUSUM of source counts dated, a bucket joins the
 * surge while its probes showing the fingerprint are significantly more than the port's usual rate
 * of them: Poisson upper tail at most 10^-{@link DetectionSettings#fingerprintOnsetScore()}, the
 * rate measured over the baseline window before the earliest possible onset (at least half a probe
 * per window, so that a value never seen before is not infinitely surprising).
 *
 * <p>Why: the first buckets of an outbreak carry a handful of sources, lost in a busy port's
 * day-to-day spread, but its packets look alike, and a fingerprint that is rare on the port stands
 * out at once. Only buckets next to the surge can join, so the walk stops at the first bucket
 * without the evidence, except that it may step over up to {@link
 * DetectionSettings#fingerprintOnsetGap()} buckets in a row without a single probe of the
 * fingerprint (an outbreak's first hosts come a few a bucket or less: 1, 0, 3) to a bucket that
 * shows it significantly. A bucket with probes of the fingerprint below the threshold stops it.
 *
 * <p>Error: a background bucket passes with probability at most 10^-score under a Poisson
 * background (across a gap of g, at most g + 1 candidate buckets: (g + 1) x 10^-score); a loud
 * scanner whose packets share the fingerprint can pass more often (its probes are not independent),
 * which is why the default threshold (3) is above the usual 2.
 */
final class FingerprintOnset {
  private FingerprintOnset() {}

  /**
   * @param onset the onset dated from source counts
   * @param earliest the earliest bucket the onset may be (inclusive)
   * @return the refined onset, at most {@code onset}
   */
  static int refine(
      PortSeries s,
      FeatureHistograms features,
      List<Explanation> explanation,
      int onset,
      int earliest,
      DetectionSettings settings) {
    if (explanation.isEmpty() || onset <= earliest) {
      return onset;
    }
    Explanation fingerprint = explanation.get(0);
    int windowStart = Math.max(0, earliest - settings.baselineBuckets());
    int window = earliest - windowStart;
    if (window < settings.minHistoryBuckets()) {
      return onset;
    }
    double usual = Math.max(count(s, features, fingerprint, windowStart, earliest), 0.5) / window;
    int refined = onset;
    int gap = 0;
    for (int j = onset - 1; j >= earliest; j--) {
      long seen = count(s, features, fingerprint, j, j + 1);
      if (seen > 0 && -PoissonTail.log10Upper(seen, usual) >= settings.fingerprintOnsetScore()) {
        refined = j;
        gap = 0;
      } else if (seen > 0 || ++gap > settings.fingerprintOnsetGap()) {
        break;
      }
    }
    return refined;
  }

  private static long count(
      PortSeries s, FeatureHistograms features, Explanation fingerprint, int from, int to) {
    return features
        .sum(s.port(), s.protocol(), s.startOf(from), s.startOf(to))
        .count(fingerprint.feature(), fingerprint.value());
  }
}

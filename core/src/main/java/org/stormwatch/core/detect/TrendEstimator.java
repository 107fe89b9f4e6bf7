package org.stormwatch.core.detect;

/**
 * The trend of a surge: over when it has ended; otherwise the sources of its last bucket against
 * the mean of the buckets before it within the last {@code n}: rising above {@code 1 + change}
 * times, falling below {@code 1 / (1 + change)} times, steady between. A surge of one bucket is
 * rising. A deliberately simple rule: a slope fitted on two or three points is no more reliable.
 */
final class TrendEstimator {
  private TrendEstimator() {}

  /**
   * @param sources the surge's per-bucket sources, onset first
   * @param ended whether the surge ended within the input
   * @param quietAtEnd whether the last bucket of the input is no longer elevated
   */
  static Trend of(long[] sources, boolean ended, boolean quietAtEnd, int n, double change) {
    if (ended) {
      return Trend.OVER;
    }
    if (quietAtEnd) {
      return Trend.FALLING;
    }
    if (sources.length < 2) {
      return Trend.RISING;
    }
    int from = Math.max(0, sources.length - n);
    double before = 0;
    for (int i = from; i < sources.length - 1; i++) {
      before += sources[i];
    }
    before /= sources.length - 1 - from;
    double last = sources[sources.length - 1];
    if (last >= (1 + change) * before) {
      return Trend.RISING;
    }
    if (last * (1 + change) <= before) {
      return Trend.FALLING;
    }
    return Trend.STEADY;
  }
}

package org.stormwatch.core.sim;

import java.util.SplittableRandom;

/**
 * Event times of a Poisson process whose rate is constant within each UTC hour: exponential gaps at
 * the hour's rate; a gap that crosses the hour's end is dropped and drawing resumes at the next
 * hour with its rate, which is exact because the exponential is memoryless. Hours of rate zero are
 * skipped in one step each; the loop is bounded by the hours to {@code end}.
 */
final class PoissonClock {
  static final long HOUR = 3_600_000_000_000L;

  /** Mean events in a given hour (hours since the epoch). */
  @FunctionalInterface
  interface HourlyRate {
    double perHour(long epochHour);
  }

  private final HourlyRate rate;
  private final long end;
  private final SplittableRandom random;

  PoissonClock(HourlyRate rate, long endNanos, SplittableRandom random) {
    this.rate = rate;
    this.end = endNanos;
    this.random = random;
  }

  /**
   * The first event at or after {@code t}, or {@link Long#MAX_VALUE} when none comes before end.
   */
  long next(long t) {
    while (t < end) {
      long hour = Math.floorDiv(t, HOUR);
      long hourEnd = Math.min(end, (hour + 1) * HOUR);
      double perNano = rate.perHour(hour) / HOUR;
      if (perNano > 0) {
        double gap = -Math.log(1 - random.nextDouble()) / perNano;
        if (gap < hourEnd - t) {
          return t + (long) gap;
        }
      }
      t = hourEnd;
    }
    return Long.MAX_VALUE;
  }
}

package org.stormwatch.core.sim;

/**
 * The daily and weekly cycles of background scanning: per UTC hour, the factor by which the mean
 * rate is multiplied, {@code (1 + a cos(2 pi (h + 0.5 - peak) / 24)) * (weekend ? w : 1) * 7 / (5 +
 * 2w)}. The cosine is taken at the middle of the hour so that it sums to zero over a day, and the
 * weekly factor is normalised, so a whole week keeps the mean rate exactly. Why hourly steps: the
 * generator draws exponential gaps at a constant rate within each hour (a piecewise-constant
 * Poisson process, exact for that step function), and an hour is fine enough for the cycles an
 * hourly bucket can show.
 */
final class CycleProfile {
  private final double amplitude;
  private final int peakHour;
  private final double weekday;
  private final double weekend;

  CycleProfile(Background b) {
    this.amplitude = b.diurnalAmplitude();
    this.peakHour = b.peakHourUtc();
    double w = b.weekendFactor();
    this.weekday = 7 / (5 + 2 * w);
    this.weekend = w * weekday;
  }

  /** The factor for the hour {@code epochHour} (hours since 1970-01-01T00:00Z). */
  double factor(long epochHour) {
    int hour = (int) Math.floorMod(epochHour, 24L);
    long day = Math.floorDiv(epochHour, 24L);
    int dayOfWeek = (int) Math.floorMod(day + 3, 7L); // 1970-01-01 was a Thursday; 0 is Monday
    double diurnal = 1 + amplitude * Math.cos(2 * Math.PI * (hour + 0.5 - peakHour) / 24);
    return diurnal * (dayOfWeek >= 5 ? weekend : weekday);
  }
}

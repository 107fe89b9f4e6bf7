package org.stormwatch.core.detect;

import java.util.Arrays;

/**
 * A port's robust baseline: the median of a trailing window (four weeks of days by default), a
 * seasonal profile (per weekday, or per hour of the day), and a robust spread.
 *
 * <p>Why a median and a clipped spread: one loud scanner multiplies a day's records, and an old
 * surge can last days; a median ignores up to half the window, where a mean follows every outlier.
 * Buckets of earlier surges are excluded from the window besides.
 *
 * <p>Window: the {@link DetectionSettings#baselineBuckets()} buckets before bucket t, less the
 * {@link DetectionSettings#baselineGuard()} most recent ones. Level: the larger of the median and a
 * trimmed mean (the top tenth dropped), so that a port seeing one probe a week has a level of about
 * 1/7, not the median's 0; then at least the floor ({@link DetectionSettings#sourceFloor()}): "a
 * closed port still sees a stray probe now and then". Seasonal profile, only on busy ports ({@link
 * DetectionSettings#busyLevel()}) with two samples per phase: the median of the window's buckets at
 * the same phase over the overall median, shrunk towards 1 (a median of four values is noisy),
 * clamped to [1/5, 5]. Spread: a clipped RMS ({@link #scale}) of the window, or, with a seasonal
 * profile, of the differences one period apart divided by sqrt 2 (residuals from fitted phase
 * medians would understate it); at least {@link DetectionSettings#minRelativeSpread()} of the
 * expectation; the variance at least the Poisson variance, then inflated by the variance of the
 * baseline estimate itself (a median of n values: pi/2 sigma^2 / n).
 *
 * <p>Error: the spread is estimated from 3-4 weeks of buckets, so the scorer uses Student's t with
 * {@link #degreesOfFreedom} (0.9 per sample) rather than trusting it as known; measured false-alert
 * rates are in docs/detection.md. Reference: Rousseeuw and Croux, "Alternatives to the median
 * absolute deviation", JASA 88 (1993).
 */
final class RobustBaseline implements Baseline {
  private static final double MAD_TO_SD = 1.4826;
  private static final double MAX_SEASON_FACTOR = 5;
  private static final double SHRINK = 2;

  /** The clipped RMS's efficiency under normal noise: n values count as about 0.9 n. */
  private static final double SCALE_EFFICIENCY = 0.9;

  private static final double CLIP = 3;

  /** Variance of a sample median of n normal values is about (pi/2) sigma^2 / n. */
  private static final double MEDIAN_VARIANCE = Math.PI / 2;

  private final PortSeries series;
  private final int history;
  private final int period;
  private final double[] level = new double[3];
  private final double[] spread = new double[3];
  private final double[] estimateVariance = new double[3];
  private final int[] spreadSamples = new int[3];
  private final double[][] season = new double[3][];
  private final double floor;
  private final double minRelativeSpread;

  private RobustBaseline(
      PortSeries series, int history, int period, double floor, double minRelativeSpread) {
    this.series = series;
    this.history = history;
    this.period = period;
    this.floor = floor;
    this.minRelativeSpread = minRelativeSpread;
  }

  /**
   * Fits the baseline for bucket {@code t} on the window before it, skipping excluded buckets.
   *
   * @param excluded buckets that belong to earlier surges, or null
   */
  static RobustBaseline fit(PortSeries series, int t, boolean[] excluded, DetectionSettings s) {
    // The guard: the bucket just before t may be the first, weak bucket of the surge that t
    // is about to show clearly; left in, it would inflate the spread that t is judged against.
    int end = t - s.baselineGuard();
    int from = Math.max(0, end - s.baselineBuckets());
    int[] window = new int[Math.max(0, end - from)];
    int n = 0;
    for (int i = from; i < end; i++) {
      if (excluded == null || !excluded[i]) {
        window[n++] = i;
      }
    }
    RobustBaseline b =
        new RobustBaseline(series, n, s.seasonPeriod(), s.sourceFloor(), s.minRelativeSpread());
    if (n == 0) {
      return b;
    }
    for (Metric m : Metric.values()) {
      double[] v = new double[n];
      for (int j = 0; j < n; j++) {
        v[j] = series.value(m, window[j]);
      }
      double median = median(v.clone());
      int i = m.ordinal();
      b.level[i] = Math.max(median, trimmedMean(v.clone()));
      double[] factor = seasonalFactors(series, window, v, median, s);
      b.season[i] = factor;
      b.spread[i] = scale(v.clone());
      b.estimateVariance[i] = MEDIAN_VARIANCE / n;
      b.spreadSamples[i] = n;
      if (factor != null) {
        int[] samples = new int[1];
        b.spread[i] = lagSpread(window, v, s.seasonPeriod(), b.spread[i], samples);
        b.spreadSamples[i] = samples[0] >= 3 ? samples[0] : n;
        double perPhase = (double) n / s.seasonPeriod();
        double shrunk = perPhase / (perPhase + SHRINK);
        b.estimateVariance[i] = MEDIAN_VARIANCE * (1.0 / n + shrunk * shrunk / perPhase);
      }
    }
    return b;
  }

  /**
   * The spread from differences one period apart ({@code x_i - x_(i-P)}): seasonality cancels
   * without being fitted, so the phase medians cannot absorb the noise they are meant to measure.
   * The difference of two independent values has twice the variance, hence the square root of 2.
   */
  private static double lagSpread(
      int[] window, double[] v, int period, double fallback, int[] samples) {
    double[] diff = new double[v.length];
    int k = 0;
    int j0 = 0;
    for (int j = 0; j < v.length; j++) {
      while (window[j0] < window[j] - period) {
        j0++;
      }
      if (window[j0] == window[j] - period) {
        diff[k++] = v[j] - v[j0];
      }
    }
    samples[0] = k;
    if (k < 3) {
      return fallback;
    }
    return scale(Arrays.copyOf(diff, k)) / Math.sqrt(2);
  }

  /**
   * A robust and efficient standard deviation: deviations from the median clipped at {@link #CLIP}
   * times the MAD-based estimate, then their root mean square. The MAD alone ignores outliers but
   * wastes data (its efficiency under normal noise is 37%, so four weeks would estimate the spread
   * only as well as ten days); the clipped RMS keeps the robustness and about 90% of the
   * efficiency, and underestimates a normal spread by under 2%.
   */
  static double scale(double[] d) {
    double centre = median(d.clone());
    double[] dev = new double[d.length];
    for (int j = 0; j < d.length; j++) {
      dev[j] = Math.abs(d[j] - centre);
    }
    double s0 = MAD_TO_SD * median(dev.clone());
    if (s0 == 0 || d.length < 2) {
      return s0;
    }
    double sum = 0;
    for (double x : dev) {
      double c = Math.min(x, CLIP * s0);
      sum += c * c;
    }
    return Math.sqrt(sum / (d.length - 1));
  }

  private static double[] seasonalFactors(
      PortSeries series, int[] window, double[] v, double median, DetectionSettings s) {
    int period = s.seasonPeriod();
    if (period <= 1 || median < s.busyLevel() || v.length < 2 * period) {
      return null;
    }
    double[][] byPhase = new double[period][v.length];
    int[] count = new int[period];
    for (int j = 0; j < v.length; j++) {
      int p = series.phase(window[j], period);
      byPhase[p][count[p]++] = v[j];
    }
    double[] factor = new double[period];
    for (int p = 0; p < period; p++) {
      if (count[p] < 2) {
        return null;
      }
      double raw = median(Arrays.copyOf(byPhase[p], count[p])) / median;
      // Shrunk towards 1: a median of four values is a noisy estimate of a weekday's level.
      double f = 1 + (raw - 1) * count[p] / (count[p] + SHRINK);
      factor[p] = Math.max(1 / MAX_SEASON_FACTOR, Math.min(MAX_SEASON_FACTOR, f));
    }
    return factor;
  }

  @Override
  public int history() {
    return history;
  }

  private double factor(Metric metric, int t) {
    double[] f = season[metric.ordinal()];
    return f == null ? 1 : f[series.phase(t, period)];
  }

  @Override
  public double expected(Metric metric, int t) {
    return Math.max(floor, level[metric.ordinal()] * factor(metric, t));
  }

  @Override
  public double degreesOfFreedom(Metric metric, int t) {
    // Even where a floor sets the variance, the window's spread might have been larger than the
    // floor in truth: the uncertainty of the estimate stays.
    return Math.max(1, SCALE_EFFICIENCY * spreadSamples[metric.ordinal()] - 1);
  }

  @Override
  public double variance(Metric metric, int t) {
    double mu = expected(metric, t);
    int i = metric.ordinal();
    double sd = Math.max(spread[i] * factor(metric, t), minRelativeSpread * mu);
    // The baseline is itself an estimate: its error adds to the bucket's own noise.
    return Math.max(mu, sd * sd) * (1 + estimateVariance[i]);
  }

  static double median(double[] a) {
    if (a.length == 0) {
      return 0;
    }
    Arrays.sort(a);
    int mid = a.length / 2;
    return a.length % 2 == 1 ? a[mid] : (a[mid - 1] + a[mid]) / 2;
  }

  /** The mean without the top tenth of the values (at least one dropped from ten values on). */
  static double trimmedMean(double[] a) {
    Arrays.sort(a);
    int keep = a.length - a.length / 10;
    double sum = 0;
    for (int i = 0; i < keep; i++) {
      sum += a[i];
    }
    return keep == 0 ? 0 : sum / keep;
  }
}

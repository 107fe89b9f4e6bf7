package org.stormwatch.core.detect;

import java.util.Arrays;
import java.util.List;

/**
 * The default surge detector: a port surges when many more distinct sources probe it than its
 * robust, seasonal baseline expects, by a count statistic rather than a ratio.
 *
 * <p>Score: {@code -log10 P(X >= x)}, {@code x} the bucket's sources, {@code X} what the baseline
 * expects. On a quiet port (expectation {@code mu} below {@link DetectionSettings#busyLevel()}, at
 * least {@link DetectionSettings#sourceFloor()}) {@code X} is Poisson({@code mu}), the exact count
 * statistic ({@link PoissonTail}): six sources where 0.25 are expected score 6.6, two score 1.6. On
 * a busy port {@code X} is normal with the baseline's robust variance, which reflects the port's
 * real day-to-day spread (at least {@link DetectionSettings#minRelativeSpread()}), so a 20% wobble
 * of 2,000 sources scores little ({@link NormalTail}). A quasi-Poisson tail (counts divided by the
 * dispersion) was tried first for busy ports: its skewed tail at small scaled means was so
 * conservative that 2.5x surges on a port of 30 sources a day went unnoticed for two days.
 *
 * <p>Alert: score at least {@link DetectionSettings#minScore()}, at least {@link
 * DetectionSettings#minSources()} sources, and at least {@link DetectionSettings#minRise()} times
 * the expectation. Only sources are scored: one loud scanner multiplies records and targets but
 * adds one source, while an outbreak is many hosts. Records and targets are reported, not scored.
 * Measured false-alert rates and detection delays: docs/detection.md.
 */
public final class SurgeDetector implements Detector {
  private final DetectionSettings settings;

  public SurgeDetector(DetectionSettings settings) {
    this.settings = settings;
  }

  @Override
  public DetectionReport detect(List<PortSeries> series, FeatureHistograms features) {
    FingerprintMix mix =
        Double.isFinite(settings.fingerprintScore()) && settings.fingerprintMinShare() < 1
            ? FingerprintMix.of(series, features)
            : null;
    return new SurgeScan(
            settings, new Scorer(settings), features, new FingerprintAlarm(settings, features, mix))
        .run(series);
  }

  /**
   * As {@link #detect(List, FeatureHistograms)}, but the fingerprint alarm floors values with a mix
   * pooled elsewhere ({@link FingerprintMix#pooled}) instead of over {@code series}: a stream
   * processor judges one port at a time, while the mix must pool every port's quiet cells.
   *
   * @param pooled the mix, on the time axis of {@code series}; null floors every value at {@link
   *     DetectionSettings#sourceFloor()}
   */
  public DetectionReport detect(
      List<PortSeries> series, FeatureHistograms features, FingerprintMix pooled) {
    FingerprintMix mix =
        Double.isFinite(settings.fingerprintScore()) && settings.fingerprintMinShare() < 1
            ? pooled
            : null;
    return new SurgeScan(
            settings, new Scorer(settings), features, new FingerprintAlarm(settings, features, mix))
        .run(series);
  }

  /** The tail score of a bucket's sources: exact Poisson on quiet ports, normal on busy ones. */
  static double score(Baseline baseline, PortSeries series, int t, double busyLevel) {
    double mu = baseline.expected(Metric.SOURCES, t);
    double x = series.value(Metric.SOURCES, t);
    if (mu < busyLevel) {
      return -PoissonTail.log10Upper(x, mu);
    }
    double z = (x - mu) / Math.sqrt(baseline.variance(Metric.SOURCES, t));
    return -NormalTail.log10Upper(studentToNormal(z, baseline.degreesOfFreedom(Metric.SOURCES, t)));
  }

  /**
   * The normal quantile with the same tail as Student's t with {@code df} degrees of freedom
   * (Wallace 1959: {@code (8 df + 1) / (8 df + 3) sqrt(df ln(1 + t^2 / df))}), accurate to a few
   * per cent in the tails: a spread estimated from a few weeks is itself uncertain, and a normal
   * tail would trust it too much.
   */
  static double studentToNormal(double t, double df) {
    if (Double.isInfinite(df)) {
      return t;
    }
    double z = (8 * df + 1) / (8 * df + 3) * Math.sqrt(df * Math.log1p(t * t / df));
    return Math.copySign(z, t);
  }

  private static final class Scorer implements BucketScorer {
    private final DetectionSettings s;
    // One-step-ahead z-scores and expectations of the series being scanned (NaN: not judged, or
    // quiet): the cumulative alarm sums each bucket's z against its own baseline, not against a
    // later one already widened by the rise it is looking for.
    private PortSeries memoSeries;
    private double[] memoZ;
    private double[] memoMu;

    Scorer(DetectionSettings s) {
      this.s = s;
    }

    @Override
    public String method() {
      return "default";
    }

    @Override
    public Baseline fit(PortSeries series, int t, boolean[] excluded) {
      return RobustBaseline.fit(series, t, excluded, s);
    }

    @Override
    public double score(Baseline baseline, PortSeries series, int t) {
      if (series != memoSeries) {
        memoSeries = series;
        memoZ = new double[series.length()];
        memoMu = new double[series.length()];
        Arrays.fill(memoZ, Double.NaN);
      }
      double mu = baseline.expected(Metric.SOURCES, t);
      if (mu >= s.busyLevel() && Double.isNaN(memoZ[t])) {
        // the one-step-ahead z of the bucket, against the baseline fitted when it was first judged
        memoMu[t] = mu;
        memoZ[t] =
            studentToNormal(
                (series.value(Metric.SOURCES, t) - mu)
                    / Math.sqrt(baseline.variance(Metric.SOURCES, t)),
                baseline.degreesOfFreedom(Metric.SOURCES, t));
      }
      return SurgeDetector.score(baseline, series, t, s.busyLevel());
    }

    @Override
    public boolean alerts(Baseline baseline, PortSeries series, int t, double score) {
      long x = series.value(Metric.SOURCES, t);
      if (x < s.minSources()) {
        return false;
      }
      if (score >= s.minScore() && x >= s.minRise() * baseline.expected(Metric.SOURCES, t)) {
        return true;
      }
      return cusumAlerts(baseline, series, t);
    }

    /**
     * The cumulative alarm on busy ports: the backward CUSUM of one-step-ahead t-corrected z-scores
     * (each bucket against the baseline it was first judged with) over the last onsetLookback
     * buckets reaches cusumThreshold, the bucket itself stands more than cusumReference sd above
     * its expectation, and the run's sources are at least cusumMinRise times what was expected over
     * it.
     */
    private boolean cusumAlerts(Baseline baseline, PortSeries series, int t) {
      if (series != memoSeries || Double.isNaN(memoZ[t])) {
        return false;
      }
      double k = s.cusumReference();
      if (memoZ[t] <= k) {
        return false;
      }
      double sum = 0;
      double observed = 0;
      double expected = 0;
      int earliest = Math.max(0, t - s.onsetLookback());
      for (int j = t; j >= earliest && !Double.isNaN(memoZ[j]); j--) {
        sum += memoZ[j] - k;
        observed += series.value(Metric.SOURCES, j);
        expected += memoMu[j];
        if (sum >= s.cusumThreshold() && observed >= s.cusumMinRise() * expected) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean continues(Baseline baseline, PortSeries series, int t, double score) {
      return score >= s.continueScore();
    }
  }
}

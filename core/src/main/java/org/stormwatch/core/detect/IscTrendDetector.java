package org.stormwatch.core.detect;

import java.util.List;

/**
 * ISC's historical trend score, built in as the baseline to beat: {@code sqrt((S - s)^2 / s + (T -
 * t)^2 / t)}, with {@code S} and {@code T} the sources and targets of the bucket and {@code s} and
 * {@code t} their means over the previous 30 days ({@link DetectionSettings#iscWindowBuckets()}),
 * each at least 1 (the formula divides by them).
 *
 * <p>How it alerts (ISC publishes the score, not a rule; this is ours): a bucket whose score is at
 * least {@link DetectionSettings#iscMinScore()} and whose sources or targets are above their mean
 * starts a surge (the score is symmetric, and a collapse is no outbreak); the surge goes on while
 * the score stays above half the threshold with sources or targets above the mean. Onset, trend,
 * explanation and summary are the default method's, so that outputs compare one to one.
 *
 * <p>Weaknesses it shows on purpose: the mean follows loud outliers; there is no seasonality; the
 * Poisson-like normalisation makes busy ports alert on ordinary day-to-day swings, and targets
 * weigh as much as sources, so one loud scanner hitting many targets scores high. Reference: SANS
 * ISC / DShield port reports (https://isc.sans.edu/port.html).
 */
public final class IscTrendDetector implements Detector {
  private final DetectionSettings settings;

  public IscTrendDetector(DetectionSettings settings) {
    this.settings = settings;
  }

  @Override
  public DetectionReport detect(List<PortSeries> series, FeatureHistograms features) {
    return new SurgeScan(settings, new Scorer(settings), features, null).run(series);
  }

  /** ISC's trend score of bucket {@code t} against a baseline's means. */
  static double score(Baseline baseline, PortSeries series, int t) {
    double s = baseline.expected(Metric.SOURCES, t);
    double tt = baseline.expected(Metric.TARGETS, t);
    double ds = series.value(Metric.SOURCES, t) - s;
    double dt = series.value(Metric.TARGETS, t) - tt;
    return Math.sqrt(ds * ds / s + dt * dt / tt);
  }

  private static boolean above(Baseline baseline, PortSeries series, int t) {
    return series.value(Metric.SOURCES, t) > baseline.expected(Metric.SOURCES, t)
        || series.value(Metric.TARGETS, t) > baseline.expected(Metric.TARGETS, t);
  }

  private static final class Scorer implements BucketScorer {
    private final DetectionSettings s;

    Scorer(DetectionSettings s) {
      this.s = s;
    }

    @Override
    public String method() {
      return "isc";
    }

    @Override
    public Baseline fit(PortSeries series, int t, boolean[] excluded) {
      return MeanBaseline.fit(series, t, s.iscWindowBuckets());
    }

    @Override
    public double score(Baseline baseline, PortSeries series, int t) {
      return IscTrendDetector.score(baseline, series, t);
    }

    @Override
    public boolean alerts(Baseline baseline, PortSeries series, int t, double score) {
      return score >= s.iscMinScore() && above(baseline, series, t);
    }

    @Override
    public boolean continues(Baseline baseline, PortSeries series, int t, double score) {
      return score >= s.iscMinScore() / 2 && above(baseline, series, t);
    }
  }
}

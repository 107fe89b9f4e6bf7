package org.stormwatch.core.detect;

/**
 * ISC's baseline: the plain mean of each metric over the previous buckets (30 days), at least 1 so
 * that the trend score of a port unseen for a month is defined (ISC's formula divides by it).
 * Variance: the mean itself (Poisson), used only to date the onset.
 */
final class MeanBaseline implements Baseline {
  private final int history;
  private final double[] mean = new double[3];

  private MeanBaseline(int history) {
    this.history = history;
  }

  static MeanBaseline fit(PortSeries series, int t, int window) {
    int from = Math.max(0, t - window);
    MeanBaseline b = new MeanBaseline(t - from);
    for (Metric m : Metric.values()) {
      double sum = 0;
      for (int i = from; i < t; i++) {
        sum += series.value(m, i);
      }
      b.mean[m.ordinal()] = Math.max(1, b.history == 0 ? 0 : sum / b.history);
    }
    return b;
  }

  @Override
  public int history() {
    return history;
  }

  @Override
  public double expected(Metric metric, int t) {
    return mean[metric.ordinal()];
  }

  @Override
  public double variance(Metric metric, int t) {
    return mean[metric.ordinal()];
  }
}

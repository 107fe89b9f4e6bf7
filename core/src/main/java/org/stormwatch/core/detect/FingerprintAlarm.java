package org.stormwatch.core.detect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The default method's third alarm: a new population of sources that share a fingerprint value rare
 * on the port (IP length 52, TTL band 129-255, forged NBNS lookups), on the first bucket it stands
 * out, before the port's total sources do.
 *
 * <p>What: for each fingerprint value v seen in the bucket (a feature's value, or the IP length and
 * TTL band pair), the sub-series "distinct sources showing v on this port" ({@link
 * FeatureHistograms#fingerprintSources}). Its baseline rate is the mean over the same window as the
 * port's baseline ({@link DetectionSettings#baselineBuckets()} before the bucket, less the guard
 * and earlier surges), at least {@link DetectionSettings#sourceFloor()}. Only rare values are
 * tested: a rate below {@link DetectionSettings#busyLevel()}, where the count is a Poisson count of
 * independent hosts (common values move with the total, which the other alarms judge). Score:
 * -log10 P(X >= x), X ~ Poisson(rate), less log10 m, m the number of values tested in the bucket
 * (Bonferroni). Alert when the best value scores at least {@link
 * DetectionSettings#fingerprintScore()} and has at least {@link DetectionSettings#minSources()}
 * sources.
 *
 * <p>Why: the port total carries the background's day-to-day spread (sd 10 to 50 on busy ports),
 * which hides an outbreak's first 5 to 30 sources; the sub-series of its fingerprint is near zero
 * before it, so those sources are as clear as on a dead port.
 *
 * <p>Error bound: under a Poisson background, per port and bucket the alarm fires with probability
 * at most 10^-fingerprintScore (Bonferroni over the m values tested, each at most 10^-(score +
 * log10 m)). Real sub-series are somewhat over-dispersed (weekly cycles: up to 1.3x), which the
 * margin of the default threshold absorbs; the false-alert rate measured over random scenarios is
 * in docs/detection.md. Sources, not probes, are counted, so a loud scanner with an odd fingerprint
 * is one source. After an alert the surge also goes on while the alerting value's sources score at
 * least {@link DetectionSettings#continueScore()} against the rate frozen at the alert.
 *
 * <p>Window ({@link DetectionSettings#fingerprintWindow()} W above 1): an outbreak's first hosts
 * often come one or two a bucket (1, then 2: no single bucket reaches three sources), so for each
 * value present in bucket t the alarm also counts its distinct sources over the last w = 2..W
 * buckets (t-w+1 to t, none of them in an earlier surge), the capped union of the buckets' source
 * sets ({@link FingerprintSources#distinctByWindow}), and scores it against Poisson(w x rate). The
 * alert's detection bucket is t, the window's last. Statistic: under the null each bucket's count
 * is Poisson(rate) independently, so their sum is Poisson(w x rate); the union counts a host that
 * returns within the window once, so it is at most the sum and its tail is at most the sum's: the
 * score is conservative, and a returning background host (the usual over-dispersion of a rare
 * value) does not add up. The baseline rate leaves out every bucket a window counts (it ends before
 * t - max(guard, W - 1)). Bonferroni: each bucket tests m values at each of W window lengths, so
 * every score loses log10(m x W); the bound per port-bucket stays 10^-fingerprintScore under the
 * Poisson null. W = 1 is the one-bucket test alone, exactly as before the window.
 */
final class FingerprintAlarm {
  /** A bucket without probes: no sources. */
  private static final Cell EMPTY = new Cell(new FingerprintSources(), Map.of());

  private final DetectionSettings settings;
  private final FeatureHistograms features;
  private final FingerprintMix mix;

  private PortSeries series;
  private List<Cell> cells;
  private boolean off;

  // The value that alerted last and its frozen rate, for continuation.
  private String alertValue;
  private double alertRate;
  private double alertScore;

  /**
   * @param mix the pooled background mix of fingerprint values, or null to floor every value at the
   *     port's {@link DetectionSettings#sourceFloor()}
   */
  FingerprintAlarm(DetectionSettings settings, FeatureHistograms features, FingerprintMix mix) {
    this.settings = settings;
    this.features = features;
    this.mix = mix;
  }

  /**
   * Whether bucket t alerts; if so, remembers the value and its rate for {@link #continues}.
   *
   * @param excluded buckets of earlier surges, left out of the baseline
   */
  boolean alerts(PortSeries s, int t, boolean[] excluded) {
    if (!Double.isFinite(settings.fingerprintScore()) || !prepare(s)) {
      return false;
    }
    Map<String, Long> now = cell(t).counts();
    int window = settings.fingerprintWindow();
    int from = Math.max(0, t - settings.baselineBuckets());
    int to = t - Math.max(settings.baselineGuard(), window - 1);
    int history = 0;
    for (int j = from; j < to; j++) {
      history += excluded[j] ? 0 : 1;
    }
    if (history < settings.minHistoryBuckets()) {
      return false;
    }
    double level = 0;
    for (int j = from; j < to; j++) {
      level += excluded[j] ? 0 : s.value(Metric.SOURCES, j);
    }
    level = Math.max(settings.sourceFloor(), level / history);
    List<FingerprintSources> back = windowCells(t, window, excluded);
    int tested = 0;
    double best = 0;
    String bestValue = null;
    double bestRate = 0;
    for (Map.Entry<String, Long> v : now.entrySet()) {
      String value = v.getKey();
      if (value.endsWith("=" + FeatureCounts.OTHER) || value.contains("unknown")) {
        continue;
      }
      double rate = rate(value, from, to, excluded, history);
      if (rate >= settings.busyLevel()) {
        continue;
      }
      tested++;
      rate = Math.max(rate, valueFloor(value, level, from, to, history));
      long[] union =
          back.size() > 1 ? FingerprintSources.distinctByWindow(value, back) : new long[0];
      for (int w = 1; w <= window; w++) {
        long x = w == 1 ? v.getValue() : w <= union.length ? union[w - 1] : 0;
        if (x < settings.fingerprintMinSources()) {
          continue;
        }
        double score = -PoissonTail.log10Upper(x, w * rate);
        if (score > best
            || (score == best && bestValue != null && value.compareTo(bestValue) < 0)) {
          best = score;
          bestValue = value;
          bestRate = rate;
        }
      }
    }
    double corrected = best - Math.log10((double) tested * window);
    if (bestValue == null || corrected < settings.fingerprintScore()) {
      return false;
    }
    alertValue = bestValue;
    alertRate = bestRate;
    alertScore = corrected;
    return true;
  }

  /**
   * The source sets of buckets t, t-1, ... back to t-window+1, stopping before the first that
   * reaches before the series or into an earlier surge: windows that would need it are not tested.
   */
  private List<FingerprintSources> windowCells(int t, int window, boolean[] excluded) {
    List<FingerprintSources> out = new ArrayList<>();
    for (int w = 1; w <= window; w++) {
      int j = t - w + 1;
      if (j < 0 || (w > 1 && excluded[j])) {
        break;
      }
      out.add(cell(j).sets());
    }
    return out;
  }

  /** The Bonferroni-corrected score of the last alert. */
  double lastScore() {
    return alertScore;
  }

  /** Whether bucket u still carries the last alert's fingerprint population. */
  boolean continues(PortSeries s, int u) {
    if (alertValue == null || !prepare(s)) {
      return false;
    }
    long x = cell(u).counts().getOrDefault(alertValue, 0L);
    return -PoissonTail.log10Upper(x, alertRate) >= settings.continueScore();
  }

  private double rate(String value, int from, int to, boolean[] excluded, int history) {
    long sum = 0;
    for (int j = from; j < to; j++) {
      if (!excluded[j]) {
        sum += cell(j).counts().getOrDefault(value, 0L);
      }
    }
    return (double) sum / history;
  }

  /**
   * The least rate of a value's sources, the smallest of three:
   *
   * <ul>
   *   <li>{@code sourceFloor}: a value is never expected less often than a stray source on a quiet
   *       port would have been without the pool;
   *   <li>{@code level x max(share, fingerprintMinShare)}: the port's expected sources (at least
   *       sourceFloor) times the value's pooled share of the background, believed down to
   *       fingerprintMinShare ({@link FingerprintMix});
   *   <li>{@code max(a / H, level x share)}, a = {@link
   *       DetectionSettings#fingerprintUnseenSources()} and H the buckets of history: an unseen
   *       value (the only case where this floor applies, since a value seen on the port has an own
   *       rate of at least 1 / H) is expected at a / H a bucket, not more often than the pool says.
   *       On a busy port (level 20) fingerprintMinShare alone puts a value the port never saw at
   *       0.1 sources a day, where 27 days without one say about 0.5/27; on quieter ports (level
   *       below a / (H x fingerprintMinShare), 3.7 sources a day) level x fingerprintMinShare is
   *       already below a / H and this term changes nothing. The share here counts even a small
   *       pool (under 1 / fingerprintMinShare sources, where the second term takes share 1): a/H
   *       bounds it from below.
   * </ul>
   *
   * Error: after H buckets without a sighting the true rate is below 3 / H with 95% confidence; a /
   * H (0.5 / H by default: the posterior mean under Jeffreys' prior) is a point estimate, so for a
   * value whose true rate sits near 3 / H the Poisson tail of x sources is optimistic by up to
   * about (3 / a)^x; the threshold fingerprintScore, the Bonferroni count and fingerprintMinSources
   * bound how often that fires, and the false-alert rate measured over random scenarios
   * (docs/detection.md) is what shows it does not. Without a pooled mix, sourceFloor.
   */
  private double valueFloor(String value, double level, int from, int to, int history) {
    double floor = settings.sourceFloor();
    if (mix == null) {
      return floor;
    }
    FingerprintMix.Pooled pooled = mix.pooled(series.protocol(), value, from, to);
    double share = pooled.share(1 / settings.fingerprintMinShare());
    floor = Math.min(floor, level * Math.max(share, settings.fingerprintMinShare()));
    double unseen = settings.fingerprintUnseenSources();
    if (Double.isFinite(unseen)) {
      floor = Math.min(floor, Math.max(unseen / history, level * pooled.share(1)));
    }
    return floor;
  }

  /** Starts on a new series; false when there are no source counts to judge. */
  private boolean prepare(PortSeries s) {
    if (s != series) {
      series = s;
      cells = new ArrayList<>(Collections.nCopies(s.length(), (Cell) null));
      alertValue = null;
      off = features.fingerprintSources(s.port(), s.protocol(), s.startOf(0)) == null;
    }
    return !off;
  }

  /** Bucket i's sets and their counts, read once per series. */
  private Cell cell(int i) {
    Cell c = cells.get(i);
    if (c == null) {
      c =
          series.value(Metric.RECORDS, i) == 0
              ? EMPTY
              : Cell.of(
                  features.fingerprintSources(series.port(), series.protocol(), series.startOf(i)));
      cells.set(i, c);
    }
    return c;
  }

  /** One bucket's source sets (for window unions) and their counts (for rates and scores). */
  private record Cell(FingerprintSources sets, Map<String, Long> counts) {
    static Cell of(FingerprintSources sets) {
      return new Cell(sets, sets.counts());
    }
  }
}

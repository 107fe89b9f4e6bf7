package org.stormwatch.core.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.stormwatch.core.aggregate.BucketSize;

/**
 * Walks each port series bucket by bucket with one method's scorer: fits the baseline on the window
 * before the bucket (buckets of earlier surges left out), alerts on the first bucket the scorer
 * accepts, dates the onset, follows the surge while its buckets stay elevated against the baseline
 * frozen at the alert, and ends it after {@link DetectionSettings#endAfterQuiet()} quiet buckets.
 * One alert per surge; its counts, trend and explanation cover the surge up to its last elevated
 * bucket in the input. Buckets with too little history are not judged, and the report says so.
 */
final class SurgeScan {
  private static final int MAX_PORT_NOTES = 10;

  private final DetectionSettings settings;
  private final BucketScorer scorer;
  private final FeatureHistograms features;
  private final FingerprintAlarm fingerprints;

  /**
   * @param fingerprints the fingerprint alarm, or null for a method without it
   */
  SurgeScan(
      DetectionSettings settings,
      BucketScorer scorer,
      FeatureHistograms features,
      FingerprintAlarm fingerprints) {
    this.settings = settings;
    this.scorer = scorer;
    this.features = features;
    this.fingerprints = fingerprints;
  }

  DetectionReport run(List<PortSeries> all) {
    List<Alert> alerts = new ArrayList<>();
    for (PortSeries series : all) {
      scan(series, alerts);
    }
    alerts.sort(
        Comparator.comparing(Alert::detected)
            .thenComparing(Alert::port)
            .thenComparing(Alert::protocol));
    return new DetectionReport(alerts, notes(all));
  }

  private void scan(PortSeries s, List<Alert> alerts) {
    int n = s.length();
    boolean[] inSurge = new boolean[n];
    for (int t = settings.minHistoryBuckets(); t < n; t++) {
      if (s.value(Metric.RECORDS, t) == 0) {
        continue; // an empty bucket alerts under no method: skip the fit (years of empty hours)
      }
      Baseline baseline = scorer.fit(s, t, inSurge);
      if (baseline.history() < settings.minHistoryBuckets()) {
        continue;
      }
      double score = scorer.score(baseline, s, t);
      boolean byFingerprint = false;
      if (!scorer.alerts(baseline, s, t, score)) {
        if (fingerprints == null || !fingerprints.alerts(s, t, inSurge)) {
          continue;
        }
        byFingerprint = true;
        score = Math.max(score, fingerprints.lastScore());
      }
      int earliest = Math.max(0, t - settings.onsetLookback());
      for (int i = t - 1; i >= earliest; i--) {
        if (inSurge[i]) {
          earliest = i + 1;
          break;
        }
      }
      int onset = OnsetEstimator.estimate(s, baseline, t, earliest, settings.onsetReference());
      int last = t;
      int quiet = 0;
      for (int u = t + 1; u < n && quiet < settings.endAfterQuiet(); u++) {
        if (scorer.continues(baseline, s, u, scorer.score(baseline, s, u))
            || (byFingerprint && fingerprints.continues(s, u))) {
          last = u;
          quiet = 0;
        } else {
          quiet++;
        }
      }
      onset =
          FingerprintOnset.refine(s, features, explain(s, onset, last), onset, earliest, settings);
      for (int i = onset; i <= last; i++) {
        inSurge[i] = true;
      }
      boolean ended = quiet >= settings.endAfterQuiet();
      alerts.add(alert(s, baseline, onset, t, last, score, ended, last < n - 1));
      t = last + quiet;
    }
  }

  private Alert alert(
      PortSeries s,
      Baseline baseline,
      int onset,
      int detected,
      int last,
      double score,
      boolean ended,
      boolean quietAtEnd) {
    Counts surge = Counts.ZERO;
    Counts expected = Counts.ZERO;
    long[] sources = new long[last - onset + 1];
    for (int i = onset; i <= last; i++) {
      surge = surge.plus(s.counts(i));
      expected =
          expected.plus(
              new Counts(
                  baseline.expected(Metric.RECORDS, i),
                  baseline.expected(Metric.SOURCES, i),
                  baseline.expected(Metric.TARGETS, i)));
      sources[i - onset] = s.value(Metric.SOURCES, i);
    }
    Trend trend =
        TrendEstimator.of(
            sources, ended, quietAtEnd, settings.trendBuckets(), settings.trendChange());
    Instant onsetStart = s.startOf(onset);
    List<Explanation> explanation = explain(s, onset, last);
    String summary =
        AlertSummary.sentence(s.label(), onsetStart, s.bucket(), surge, expected, explanation);
    return new Alert(
        "surge",
        scorer.method(),
        s.port(),
        s.protocol(),
        onsetStart,
        s.startOf(detected),
        s.startOf(last),
        score,
        surge,
        expected,
        trend,
        explanation,
        summary,
        Reach.UNKNOWN);
  }

  /** What could not be judged for lack of history. */
  private List<String> notes(List<PortSeries> all) {
    List<String> notes = new ArrayList<>();
    if (all.isEmpty()) {
      notes.add("no probes: nothing to judge");
      return notes;
    }
    PortSeries first = all.get(0);
    int n = first.length();
    int need = settings.minHistoryBuckets();
    BucketSize bucket = first.bucket();
    if (n > need) {
      notes.add(
          "the first "
              + span(need, bucket)
              + " (to "
              + first.startOf(need - 1).toString().replace("T00:00:00Z", "")
              + ") served only as baseline");
      return notes;
    }
    // Too short to judge anything: say so for the busiest ports of the last bucket.
    notes.add(
        "baseline from "
            + span(n - 1, bucket)
            + ": at least "
            + span(need, bucket)
            + " of history are needed before a bucket is judged; no alerts");
    List<PortSeries> active = new ArrayList<>();
    for (PortSeries s : all) {
      if (s.value(Metric.RECORDS, n - 1) > 0) {
        active.add(s);
      }
    }
    active.sort(
        Comparator.comparingLong((PortSeries s) -> -s.value(Metric.RECORDS, n - 1))
            .thenComparing(PortSeries::protocol)
            .thenComparing(PortSeries::port));
    for (PortSeries s : active.subList(0, Math.min(MAX_PORT_NOTES, active.size()))) {
      notes.add(s.label() + ": baseline from " + span(n - 1, bucket));
    }
    return notes;
  }

  /** {@code 3 days}, {@code 1 hour}. */
  static String span(int buckets, BucketSize bucket) {
    String unit = bucket == BucketSize.DAY ? "day" : "hour";
    return buckets + " " + unit + (buckets == 1 ? "" : "s");
  }

  /** The features that set the buckets from onset to last apart from the window before them. */
  private List<Explanation> explain(PortSeries s, int onset, int last) {
    Instant onsetStart = s.startOf(onset);
    FeatureCounts during = features.sum(s.port(), s.protocol(), onsetStart, s.startOf(last + 1));
    FeatureCounts before =
        features.sum(
            s.port(),
            s.protocol(),
            s.startOf(Math.max(0, onset - settings.baselineBuckets())),
            onsetStart);
    return Explainer.explain(during, before, settings);
  }
}

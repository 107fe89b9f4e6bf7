package org.stormwatch.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.aggregate.PortActivityAggregator;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.detect.DetectionMethod;
import org.stormwatch.core.detect.DetectionReport;
import org.stormwatch.core.detect.DetectionSettings;
import org.stormwatch.core.detect.Detector;
import org.stormwatch.core.detect.FeatureAggregator;
import org.stormwatch.core.sim.Outbreak;
import org.stormwatch.core.sim.Scenario;
import org.stormwatch.core.sim.ScenarioGenerator;

/**
 * Evaluates surge detection over many seeded random scenarios (varied ports, TCP and UDP, busy and
 * quiet, onsets, growth curves, fingerprints; some with no outbreak at all) for both methods:
 * detection rate, delay and onset error in buckets, and false alerts per 1,000 port-days of
 * background. An alert matches an outbreak when it names the outbreak's port and protocol and was
 * detected no earlier than one bucket before the onset; every other alert is false.
 *
 * <p>Usage: {@code EvaluateDetection [SCENARIOS] [SCALE]} (defaults 200 and 0.05)
 */
public final class EvaluateDetection {
  private EvaluateDetection() {}

  /** What one method came to. */
  static final class Tally {
    final String method;
    int outbreaks;
    int detected;
    int onsetWithinOne;
    int delayWithinOne;
    final List<Long> delays = new ArrayList<>();
    long falseAlerts;
    long backgroundPortDays;

    Tally(String method) {
      this.method = method;
    }
  }

  public static void main(String[] args) {
    int scenarios = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    double scale = args.length > 1 ? Double.parseDouble(args[1]) : 0.05;
    BucketSize bucket = BucketSize.DAY;
    Tally[] tallies = {new Tally("default"), new Tally("isc")};
    DetectionMethod[] methods = {DetectionMethod.DEFAULT, DetectionMethod.ISC};
    long probes = 0;
    long started = System.nanoTime();
    for (long seed = 0; seed < scenarios; seed++) {
      Scenario scenario = Scenario.random(seed, scale);
      PortActivityAggregator ports = new PortActivityAggregator(bucket);
      FeatureAggregator features = new FeatureAggregator(bucket);
      probes +=
          new ScenarioGenerator(scenario)
              .generate(
                  p -> {
                    ports.accept(p.probe());
                    features.accept(p.probe());
                  });
      List<PortActivity> rows = ports.rows();
      long portSeries =
          rows.stream().map(r -> r.port() * 4L + r.protocol().ordinal()).distinct().count();
      for (int m = 0; m < methods.length; m++) {
        DetectionReport report =
            Detector.run(rows, bucket, features, methods[m], DetectionSettings.forBucket(bucket));
        score(tallies[m], scenario, report.alerts(), portSeries, bucket);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("%d scenarios, %,d probes, %.1f s%n", scenarios, probes, seconds);
    System.out.printf(
        "%-8s %9s %9s %12s %12s %15s %18s%n",
        "method",
        "outbreaks",
        "detected",
        "median delay",
        "delay<=1",
        "onset within 1",
        "false/1000 p-days");
    for (Tally t : tallies) {
      Collections.sort(t.delays);
      String median = t.delays.isEmpty() ? "-" : String.valueOf(t.delays.get(t.delays.size() / 2));
      System.out.printf(
          "%-8s %9d %8.1f%% %12s %11.1f%% %14.1f%% %18.3f%n",
          t.method,
          t.outbreaks,
          100.0 * t.detected / Math.max(1, t.outbreaks),
          median,
          100.0 * t.delayWithinOne / Math.max(1, t.outbreaks),
          100.0 * t.onsetWithinOne / Math.max(1, t.outbreaks),
          1000.0 * t.falseAlerts / Math.max(1, t.backgroundPortDays));
    }
  }

  private static void score(
      Tally t, Scenario scenario, List<Alert> alerts, long portSeries, BucketSize bucket) {
    long bucketSeconds = bucket.seconds();
    List<Alert> unmatched = new ArrayList<>(alerts);
    long outbreakPortDays = 0;
    for (Outbreak o : scenario.outbreaks()) {
      t.outbreaks++;
      Alert match = null;
      for (Alert a : alerts) {
        if (a.port() == o.port()
            && a.protocol() == o.protocol()
            && !a.detected().isBefore(o.onset().minusSeconds(bucketSeconds))
            && (match == null || a.detected().isBefore(match.detected()))) {
          match = a;
        }
      }
      outbreakPortDays += Duration.between(o.onset(), scenario.end()).getSeconds() / bucketSeconds;
      if (match == null) {
        continue;
      }
      unmatched.remove(match);
      t.detected++;
      long delay =
          Math.max(
              0,
              (match.detected().getEpochSecond()
                      - bucket.startOf(o.onset().getEpochSecond() * 1_000_000_000L))
                  / bucketSeconds);
      t.delays.add(delay);
      if (delay <= 1) {
        t.delayWithinOne++;
      }
      long onsetError =
          Math.abs(
                  match.onset().getEpochSecond()
                      - bucket.startOf(o.onset().getEpochSecond() * 1_000_000_000L))
              / bucketSeconds;
      if (onsetError <= 1) {
        t.onsetWithinOne++;
      }
    }
    t.falseAlerts += unmatched.size();
    t.backgroundPortDays += portSeries * scenario.days() - outbreakPortDays;
  }
}

package org.stormwatch.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
import org.stormwatch.core.sim.ServicePort;

/**
 * Evaluates surge detection over many seeded random scenarios (varied ports, TCP and UDP, busy and
 * quiet, onsets, growth curves, fingerprints; some with no outbreak at all) for both methods:
 * detection rate, delay and onset error in buckets, and false alerts per 1,000 port-days of
 * background.
 *
 * <p>Matching: an alert matches an outbreak when it names the outbreak's port and protocol and its
 * detection bucket is no earlier than the bucket before the onset's bucket, or when it was detected
 * earlier but its surge was still running in the onset's bucket (the outbreak was absorbed into a
 * running surge: detected, delay 0). Later alerts on the outbreak's port after its onset are
 * repeats (the surge paused and resumed), neither matches nor false. Every other alert is false.
 * Delay = detection bucket - onset bucket (at least 0); onset error = |alert onset bucket - true
 * onset bucket|. The true onset is the day of the outbreak's first probe (the simulator marks its
 * probes), not the day its growth curve starts: every curve but a step starts at 1% of its peak
 * rate, and on a small outbreak the first probe may come days later. An outbreak that sent no probe
 * within its scenario is not in the data and not counted.
 *
 * <p>Detectable: the harness counts each outbreak's own sources per day (the simulator marks its
 * probes) and the port's background sources per day (all sources less the outbreak's, over the
 * whole scenario: mean m and standard deviation s, s at least sqrt(m)). An outbreak is detectable
 * when on some day from its onset to the last day its own sources, the excess it adds on top of the
 * background, reach max(5, 3 s): three background standard deviations; the first such day is its
 * visible day. This does not depend on any detector: it asks whether the outbreak ever stands out
 * of its port's noise. Figures are printed over all outbreaks and over detectable ones, with the
 * delay also counted from the visible day.
 *
 * <p>Hourly ({@code --bucket=1h}, with {@link DetectionSettings#forBucket} of hours): the same
 * rules with hours for days. The true onset is the hour of the outbreak's first probe; detectable
 * means its own sources in some hour reach max(5, 3 sd) of the port's background sources per hour;
 * delay and onset error are in hours; false alerts are per 1,000 background port-hours. The
 * simulator's outbreaks grow by the day, so an hour's count is about a 24th of a day's: hourly
 * buckets see the same outbreak with less in each bucket.
 *
 * <p>Usage: {@code EvaluateDetection [SCENARIOS] [SCALE] [--bucket=1d|1h] [--detail]
 * [--first-seed=N] [--set=name=value,...] [--compare=name=value,...]...}: defaults 200 scenarios
 * from seed 0 and scale 0.05; {@code --set} overrides detection settings by name (to compare a
 * setting's trade-off on a held-out seed range); each {@code --compare} adds a row of the default
 * method with further overrides, judged on the same generated scenarios; {@code --detail} prints
 * every missed, late (delay above 1) or misdated (onset off by more than 1) outbreak of the default
 * method, with the per-day sources around the onset.
 */
public final class EvaluateDetection {
  private EvaluateDetection() {}

  /** What one method came to over one set of outbreaks. */
  static final class Tally {
    final String method;
    int outbreaks;
    int detected;
    int onsetWithinOne;
    int delayWithinOne;
    int visibleDelayWithinOne;
    final List<Long> delays = new ArrayList<>();
    long falseAlerts;
    long backgroundPortDays;

    Tally(String method) {
      this.method = method;
    }
  }

  /** One outbreak as the harness sees it. */
  static final class Truth {
    final Outbreak outbreak;

    /** The day the simulator's growth curve starts (at 1% of the peak rate). */
    final int curveDay;

    /** The day of the outbreak's first probe: the true onset; -1 if it sent none. */
    int onsetDay = -1;

    final long[] own;
    final long[] background;
    double mean;
    double sd;
    int visibleDay = -1;

    Truth(Outbreak outbreak, int curveDay, int days) {
      this.outbreak = outbreak;
      this.curveDay = curveDay;
      this.own = new long[days];
      this.background = new long[days];
    }

    boolean detectable() {
      return visibleDay >= 0;
    }
  }

  public static void main(String[] args) {
    List<String> positional = new ArrayList<>();
    boolean detail = false;
    long firstSeed = 0;
    BucketSize bucket = bucket(args);
    DetectionSettings settings = DetectionSettings.forBucket(bucket);
    List<String> compare = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("--bucket=")) {
        continue;
      } else if (a.equals("--detail")) {
        detail = true;
      } else if (a.startsWith("--first-seed=")) {
        firstSeed = Long.parseLong(a.substring("--first-seed=".length()));
      } else if (a.startsWith("--set=")) {
        settings = settings.with(a.substring("--set=".length()));
      } else if (a.startsWith("--compare=")) {
        compare.add(a.substring("--compare=".length()));
      } else {
        positional.add(a);
      }
    }
    int scenarios = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 200;
    double scale = positional.size() > 1 ? Double.parseDouble(positional.get(1)) : 0.05;
    // default and isc with the settings, then the default method with each --compare override on
    // the same scenarios (side by side, one generation)
    int runs = 2 + compare.size();
    Tally[] all = new Tally[runs];
    Tally[] detectable = new Tally[runs];
    DetectionMethod[] methods = new DetectionMethod[runs];
    DetectionSettings[] runSettings = new DetectionSettings[runs];
    for (int m = 0; m < runs; m++) {
      String label = m == 0 ? "default" : m == 1 ? "isc" : "default+" + compare.get(m - 2);
      all[m] = new Tally(label);
      detectable[m] = new Tally(label);
      methods[m] = m == 1 ? DetectionMethod.ISC : DetectionMethod.DEFAULT;
      runSettings[m] = m < 2 ? settings : settings.with(compare.get(m - 2));
    }
    List<String> details = new ArrayList<>();
    long probes = 0;
    long silent = 0;
    long started = System.nanoTime();
    for (long seed = firstSeed; seed < firstSeed + scenarios; seed++) {
      Scenario scenario = Scenario.random(seed, scale);
      PortActivityAggregator ports = new PortActivityAggregator(bucket);
      FeatureAggregator features = new FeatureAggregator(bucket);
      long startSecond = bucket.startOf(scenario.start().getEpochSecond() * 1_000_000_000L);
      // buckets of the scenario (days or hours), and one more for probes on its last second
      int buckets = (int) (scenario.days() * 86_400L / bucket.seconds());
      int days = buckets + 1;
      List<Truth> truths = new ArrayList<>();
      List<Set<Long>> ownSources = new ArrayList<>();
      for (Outbreak o : scenario.outbreaks()) {
        int curveDay = (int) ((o.onset().getEpochSecond() - startSecond) / bucket.seconds());
        truths.add(new Truth(o, curveDay, days));
        ownSources.add(new HashSet<>());
      }
      probes +=
          new ScenarioGenerator(scenario)
              .generate(
                  p -> {
                    ports.accept(p.probe());
                    features.accept(p.probe());
                    if (p.outbreak() >= 0) {
                      long day =
                          (bucket.startOf(p.probe().timeNanos()) - startSecond) / bucket.seconds();
                      if (day >= 0 && day < days) {
                        long key = (day << 40) ^ p.probe().srcLo() ^ (p.probe().srcHi() << 20);
                        if (ownSources.get(p.outbreak()).add(key)) {
                          truths.get(p.outbreak()).own[(int) day]++;
                        }
                      }
                    }
                  });
      List<PortActivity> rows = ports.rows();
      measure(truths, rows, startSecond, bucket, buckets);
      // An outbreak whose curve starts too late to send a probe within the scenario is not in the
      // data: an alert on its port is as false as any other.
      silent += truths.stream().filter(t -> t.onsetDay < 0).count();
      truths.removeIf(t -> t.onsetDay < 0);
      long portSeries =
          rows.stream().map(r -> r.port() * 4L + r.protocol().ordinal()).distinct().count();
      for (int m = 0; m < methods.length; m++) {
        DetectionReport report = Detector.run(rows, bucket, features, methods[m], runSettings[m]);
        score(
            all[m],
            detectable[m],
            scenario,
            truths,
            report.alerts(),
            portSeries,
            buckets,
            bucket,
            startSecond,
            detail && m == 0 ? details : null);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("%d scenarios, %,d probes, %.1f s%n", scenarios, probes, seconds);
    System.out.printf(
        "%d outbreaks sent no probe before their scenario ended and are not counted%n", silent);
    String unit = bucket == BucketSize.DAY ? "day" : "hour";
    System.out.printf("buckets: %s; delay and onset error in %ss%n", unit, unit);
    print("all outbreaks", all, false, unit);
    print(
        "detectable outbreaks (own sources >= max(5, 3 background sd) in some " + unit + ")",
        detectable,
        true,
        unit);
    for (String d : details) {
      System.out.println(d);
    }
  }

  /** {@code --bucket=1h}: hours; {@code --bucket=1d} or none: days. */
  private static BucketSize bucket(String[] args) {
    BucketSize bucket = BucketSize.DAY;
    for (String a : args) {
      if (a.equals("--bucket=1h")) {
        bucket = BucketSize.HOUR;
      } else if (a.startsWith("--bucket=") && !a.equals("--bucket=1d")) {
        throw new IllegalArgumentException("--bucket must be 1d or 1h, not " + a);
      }
    }
    return bucket;
  }

  private static void print(String title, Tally[] tallies, boolean visible, String unit) {
    System.out.println(title);
    System.out.printf(
        "%-8s %9s %15s %12s %15s %15s %22s%s%n",
        "method",
        "outbreaks",
        "detected",
        "median delay",
        "delay<=1",
        "onset within 1",
        "false/1000 p-" + unit + "s",
        visible ? "  delay<=1 from visible" : "");
    for (Tally t : tallies) {
      Collections.sort(t.delays);
      String median = t.delays.isEmpty() ? "-" : String.valueOf(t.delays.get(t.delays.size() / 2));
      if (t.method.length() > 8) {
        System.out.println(t.method);
      }
      System.out.printf(
          "%-8s %9d %15s %12s %15s %15s %22s%s%n",
          t.method.length() > 8 ? "" : t.method,
          t.outbreaks,
          share(t.detected, t.outbreaks),
          median,
          share(t.delayWithinOne, t.outbreaks),
          share(t.onsetWithinOne, t.outbreaks),
          String.format(
              Locale.ROOT,
              "%.3f (%d/%d)",
              1000.0 * t.falseAlerts / Math.max(1, t.backgroundPortDays),
              t.falseAlerts,
              t.backgroundPortDays),
          visible
              ? String.format(Locale.ROOT, " %22s", share(t.visibleDelayWithinOne, t.outbreaks))
              : "");
    }
  }

  /**
   * A percentage with its counts, {@code 98.4% (187/190)}: counts add up over runs, shares don't.
   */
  private static String share(long count, long of) {
    return String.format(Locale.ROOT, "%.1f%% (%d/%d)", 100.0 * count / Math.max(1, of), count, of);
  }

  /** Background sources per day of each outbreak's port, its mean and sd, the visible day. */
  private static void measure(
      List<Truth> truths, List<PortActivity> rows, long startSecond, BucketSize bucket, int days) {
    for (Truth t : truths) {
      for (int d = Math.max(0, t.curveDay); d < t.own.length; d++) {
        if (t.own[d] > 0) {
          t.onsetDay = d;
          break;
        }
      }
      if (t.onsetDay < 0) {
        continue;
      }
      for (PortActivity r : rows) {
        if (r.port() == t.outbreak.port() && r.protocol() == t.outbreak.protocol()) {
          int day = (int) ((r.start().getEpochSecond() - startSecond) / bucket.seconds());
          if (day >= 0 && day < t.background.length) {
            t.background[day] += r.sources();
          }
        }
      }
      double sum = 0;
      double squares = 0;
      for (int d = 0; d < days; d++) {
        t.background[d] = Math.max(0, t.background[d] - t.own[d]);
        sum += t.background[d];
        squares += (double) t.background[d] * t.background[d];
      }
      t.mean = sum / days;
      t.sd = Math.max(Math.sqrt(t.mean), Math.sqrt(Math.max(0, squares / days - t.mean * t.mean)));
      double threshold = Math.max(5, 3 * t.sd);
      for (int d = Math.max(0, t.onsetDay); d < days; d++) {
        if (t.own[d] >= threshold) {
          t.visibleDay = d;
          break;
        }
      }
    }
  }

  private static void score(
      Tally all,
      Tally detectable,
      Scenario scenario,
      List<Truth> truths,
      List<Alert> alerts,
      long portSeries,
      int buckets,
      BucketSize bucket,
      long startSecond,
      List<String> details) {
    long bucketSeconds = bucket.seconds();
    List<Alert> unmatched = new ArrayList<>(alerts);
    long outbreakPortDays = 0;
    for (Truth truth : truths) {
      Outbreak o = truth.outbreak;
      int onsetDay = truth.onsetDay;
      Alert match = null;
      for (Alert a : alerts) {
        long detectedDay = (a.detected().getEpochSecond() - startSecond) / bucketSeconds;
        long lastDay = (a.last().getEpochSecond() - startSecond) / bucketSeconds;
        boolean matches =
            a.port() == o.port()
                && a.protocol() == o.protocol()
                && (detectedDay >= onsetDay - 1 || lastDay >= onsetDay);
        if (matches && (match == null || a.detected().isBefore(match.detected()))) {
          match = a;
        }
      }
      outbreakPortDays += buckets - onsetDay;
      Tally[] targets = truth.detectable() ? new Tally[] {all, detectable} : new Tally[] {all};
      long delay = -1;
      long onsetError = -1;
      if (match != null) {
        unmatched.remove(match);
        long detectedDay = (match.detected().getEpochSecond() - startSecond) / bucketSeconds;
        long alertOnsetDay = (match.onset().getEpochSecond() - startSecond) / bucketSeconds;
        delay = Math.max(0, detectedDay - onsetDay);
        onsetError = Math.abs(alertOnsetDay - onsetDay);
      }
      for (Tally t : targets) {
        t.outbreaks++;
        if (match == null) {
          continue;
        }
        t.detected++;
        t.delays.add(delay);
        if (delay <= 1) {
          t.delayWithinOne++;
        }
        if (onsetError <= 1) {
          t.onsetWithinOne++;
        }
        if (truth.detectable() && delay - Math.max(0, truth.visibleDay - onsetDay) <= 1) {
          t.visibleDelayWithinOne++;
        }
      }
      if (details != null && (match == null || delay > 1 || onsetError > 1)) {
        details.add(
            describe(scenario, truth, match, delay, onsetError, startSecond, buckets, bucket));
      }
    }
    for (Alert a : unmatched) {
      if (repeat(a, truths, startSecond, bucketSeconds)) {
        continue;
      }
      all.falseAlerts++;
      detectable.falseAlerts++;
      if (details != null) {
        details.add(
            String.format(
                Locale.ROOT,
                "seed %d FALSE ALERT %d/%s detected bucket %d, score %.1f: %s",
                scenario.seed(),
                a.port(),
                a.protocol(),
                (a.detected().getEpochSecond() - startSecond) / bucketSeconds,
                a.score(),
                a.summary()));
      }
    }
    long background = portSeries * buckets - outbreakPortDays;
    all.backgroundPortDays += background;
    detectable.backgroundPortDays += background;
  }

  /**
   * A second alert on an outbreak's port after its onset: the same outbreak alerting anew after a
   * pause, not a false alert (its port-days are not counted as background either).
   */
  private static boolean repeat(Alert a, List<Truth> truths, long startSecond, long bucketSeconds) {
    long detectedDay = (a.detected().getEpochSecond() - startSecond) / bucketSeconds;
    for (Truth t : truths) {
      if (a.port() == t.outbreak.port()
          && a.protocol() == t.outbreak.protocol()
          && detectedDay >= t.onsetDay - 1) {
        return true;
      }
    }
    return false;
  }

  private static String describe(
      Scenario scenario,
      Truth truth,
      Alert match,
      long delay,
      long onsetError,
      long startSecond,
      int buckets,
      BucketSize bucket) {
    Outbreak o = truth.outbreak;
    ServicePort sp = o.servicePort();
    String where =
        scenario.background().busyPorts().contains(sp)
            ? "busy"
            : scenario.background().quietPorts().contains(sp) ? "quiet" : "unseen";
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "seed %d %s %s(bg %.1f+-%.1f) %s r=%.2f peak=%.0f curve bucket %d onset %d/%d"
                + " visible %s: ",
            scenario.seed(),
            sp,
            where,
            truth.mean,
            truth.sd,
            o.growth().label(),
            o.rate(),
            o.peakSourcesPerDay(),
            truth.curveDay,
            truth.onsetDay,
            buckets,
            truth.detectable() ? "bucket " + truth.visibleDay : "never"));
    if (match == null) {
      b.append("MISSED");
    } else {
      long alertOnset = (match.onset().getEpochSecond() - startSecond) / bucket.seconds();
      b.append(
          String.format(
              Locale.ROOT,
              "delay %d, onset %+d (alert onset bucket %d)",
              delay,
              alertOnset - truth.onsetDay,
              alertOnset));
    }
    b.append("\n    own/bg by bucket from onset-2:");
    for (int d = Math.max(0, truth.onsetDay - 2);
        d < Math.min(buckets, truth.onsetDay + (bucket == BucketSize.DAY ? 9 : 30));
        d++) {
      b.append(' ').append(truth.own[d]).append('/').append(truth.background[d]);
    }
    return b.toString();
  }
}

package org.stormwatch.cli;

import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.detect.AlertJson;
import org.stormwatch.core.detect.DetectionMethod;
import org.stormwatch.core.detect.DetectionReport;
import org.stormwatch.core.detect.DetectionSettings;
import org.stormwatch.core.detect.Detector;
import org.stormwatch.core.detect.Reach;
import org.stormwatch.core.detect.SurgeReach;
import org.stormwatch.core.model.JsonText;
import org.stormwatch.core.scan.ScannerDetector;
import org.stormwatch.store.History;
import org.stormwatch.store.PortQuery;
import org.stormwatch.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stormwatch detect}: surges of scanning per port, with onset, trend and explanation. */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Finds surges of scanning: per port and protocol, a bucket with many more distinct sources",
      "than the port's baseline (four weeks of days, weekday-aware) expects, judged by count",
      "statistics, so that a handful of probes on a dead port counts and one loud scanner does",
      "not. Each surge is reported once, with its onset, counts, baseline, trend and the packet",
      "features that set it apart. Without enough history the output says so instead.",
      "Method 'isc' uses the Internet Storm Center's trend score instead (the baseline to beat).",
      "Sources and targets of a surge are distinct over the whole surge (counted in a second",
      "look at its port), with how many of the sources the scanner detector flags; with",
      "standard input, read once, they are sums of per-bucket distinct counts instead."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:done, with or without alerts",
      "2:bad usage, or an input that could not be read"
    })
final class DetectCommand implements Callable<Integer> {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  /** How alerts are printed. */
  enum Format {
    table,
    jsonl
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--bucket",
      defaultValue = "1d",
      paramLabel = "1d|1h",
      description = "Time bucket, UTC-aligned (default: ${DEFAULT-VALUE}).",
      converter = BucketConverter.class)
  BucketSize bucket;

  @Option(
      names = "--method",
      defaultValue = "default",
      paramLabel = "default|isc",
      description = "Detector (default: ${DEFAULT-VALUE}).",
      converter = MethodConverter.class)
  DetectionMethod method;

  @Option(
      names = "--format",
      defaultValue = "table",
      paramLabel = "table|jsonl",
      description =
          "Output format (default: ${DEFAULT-VALUE}). jsonl: one alert a line with kind, method,"
              + " port, protocol, onset, detected, last, score, records, sources, targets,"
              + " scanners, bucket_sums and baseline {records, sources, targets}, ratio, trend,"
              + " explanation [{feature, value, share, baseline_share}], summary; then one"
              + " {\"kind\":\"note\"} line per note.")
  Format format;

  @Mixin InputMixin input;

  @Mixin StoreMixin store;

  static final class MethodConverter implements ITypeConverter<DetectionMethod> {
    @Override
    public DetectionMethod convert(String value) {
      return DetectionMethod.parse(value);
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DetectionReport report;
    InputRunner runner = null;
    boolean allRead = true;
    if (input.inputs == null || input.inputs.isEmpty()) {
      if (!store.given()) {
        err.println(
            "stormwatch detect: give INPUT files, or --data DIR / --db URL to read history");
        return Main.EXIT_INPUT;
      }
      try (History history = History.open(store.location())) {
        DetectionReport found =
            Detector.run(
                history.portActivity(PortQuery.all(bucket)),
                bucket,
                history.features(bucket),
                method,
                DetectionSettings.forBucket(bucket));
        List<Alert> alerts = history.withReach(found.alerts(), bucket);
        report = new DetectionReport(withStoredScanners(history, alerts), found.notes());
      } catch (StoreException e) {
        err.println("stormwatch detect: " + e.getMessage());
        return Main.EXIT_INPUT;
      }
    } else {
      runner = input.runner(err);
      SurgeRun.Result run = SurgeRun.run(runner, input.inputs, input.options(), bucket, method);
      report = run.report();
      allRead = run.allRead();
    }
    if (format == Format.jsonl) {
      jsonl(report, out);
    } else {
      table(report, out);
    }
    out.flush();
    if (runner != null) {
      runner.printSummary();
    }
    return allRead ? 0 : Main.EXIT_INPUT;
  }

  private void table(DetectionReport report, PrintWriter out) {
    for (Alert a : report.alerts()) {
      out.println(a.summary());
    }
    if (!report.alerts().isEmpty()) {
      out.println();
    }
    DateTimeFormatter time = bucket == BucketSize.DAY ? DAY : HOUR;
    List<String[]> rows = new ArrayList<>();
    for (Alert a : report.alerts()) {
      rows.add(
          new String[] {
            a.portLabel(),
            time.format(a.onset()),
            time.format(a.detected()),
            String.format(Locale.ROOT, "%.1f", a.score()),
            count(a.reach().known() ? a.reach().sources() : Math.round(a.surge().sources())),
            count(a.reach().known() ? a.reach().targets() : Math.round(a.surge().targets())),
            a.reach().scanners() >= 0 ? count(a.reach().scanners()) : "-",
            String.format(Locale.ROOT, "%,d", Math.round(a.surge().records())),
            String.format(Locale.ROOT, "%.1fx", a.ratio()),
            a.trend().label()
          });
    }
    if (rows.isEmpty()) {
      out.println("No surges.");
    } else {
      Table.print(
          rows,
          new String[] {
            "port",
            "onset",
            "detected",
            "score",
            "sources",
            "targets",
            "scanners",
            "records",
            "vs baseline",
            "trend"
          },
          out);
    }
    for (String note : report.notes()) {
      out.println("note: " + note);
    }
  }

  private static void jsonl(DetectionReport report, PrintWriter out) {
    for (Alert a : report.alerts()) {
      out.println(AlertJson.of(a));
    }
    for (String note : report.notes()) {
      out.println("{\"kind\":\"note\",\"note\":" + JsonText.quote(note) + "}");
    }
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /**
   * The alerts with the scanners among their sources, from the stored probes (within the retention)
   * run through the scanner detector in time order, as {@code scanners --data} does; sources and
   * targets stay those of the stored counters, which cover the whole surge. History keeps no
   * replies, so only the window thresholds apply.
   */
  private List<Alert> withStoredScanners(History history, List<Alert> alerts) {
    if (alerts.isEmpty()) {
      return alerts;
    }
    SurgeReach stored = new SurgeReach(alerts, bucket);
    ScannerDetector scanners = new ScannerDetector();
    history.probesInTimeOrder(
        null,
        null,
        p -> {
          stored.accept(p);
          scanners.probe(p);
        });
    List<Alert> counted = stored.counted(scanners, bucket);
    List<Alert> out = new ArrayList<>(alerts.size());
    for (int i = 0; i < alerts.size(); i++) {
      Reach reach = alerts.get(i).reach();
      // The counters' sources can be an estimate (HLL above 4,096) a little below the exact set.
      long flagged = Math.min(counted.get(i).reach().scanners(), reach.sources());
      out.add(
          alerts.get(i).withReach(new Reach(reach.sources(), reach.targets(), flagged), bucket));
    }
    return out;
  }
}

package org.stormwatch.cli;

import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivityAggregator;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.detect.Counts;
import org.stormwatch.core.detect.DetectionMethod;
import org.stormwatch.core.detect.DetectionReport;
import org.stormwatch.core.detect.DetectionSettings;
import org.stormwatch.core.detect.Detector;
import org.stormwatch.core.detect.Explanation;
import org.stormwatch.core.detect.FeatureAggregator;
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
      "Sources and targets of a surge are summed over its buckets (per-bucket distinct counts)."
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
              + " baseline {records, sources, targets}, ratio, trend, explanation [{feature, value,"
              + " share, baseline_share}], summary; then one {\"kind\":\"note\"} line per note.")
  Format format;

  @Mixin InputMixin input;

  @Mixin StoreMixin store;

  @Option(
      names = "--no-progress",
      description = "No progress bar (it is shown only when stderr is a terminal).")
  boolean noProgress;

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
        report =
            Detector.run(
                history.portActivity(PortQuery.all(bucket)),
                bucket,
                history.features(),
                method,
                DetectionSettings.forBucket(bucket));
      } catch (StoreException e) {
        err.println("stormwatch detect: " + e.getMessage());
        return Main.EXIT_INPUT;
      }
    } else {
      PortActivityAggregator activity = new PortActivityAggregator(bucket);
      FeatureAggregator features = new FeatureAggregator(bucket);
      runner = new InputRunner(err, !noProgress);
      allRead =
          runner.readAll(
              input.inputs,
              input.options(),
              probe -> {
                activity.accept(probe);
                features.accept(probe);
              });
      report =
          Detector.run(
              activity.rows(), bucket, features, method, DetectionSettings.forBucket(bucket));
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
            String.format(Locale.ROOT, "%,d", Math.round(a.surge().sources())),
            String.format(Locale.ROOT, "%,d", Math.round(a.surge().targets())),
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
      StringBuilder sb = new StringBuilder("{");
      sb.append("\"kind\":").append(Json.quote(a.kind()));
      sb.append(",\"method\":").append(Json.quote(a.method()));
      sb.append(",\"port\":").append(a.port());
      sb.append(",\"protocol\":").append(Json.quote(a.protocol().label()));
      sb.append(",\"onset\":").append(Json.quote(a.onset().toString()));
      sb.append(",\"detected\":").append(Json.quote(a.detected().toString()));
      sb.append(",\"last\":").append(Json.quote(a.last().toString()));
      sb.append(",\"score\":").append(number(a.score()));
      sb.append(',').append(counts(a.surge()));
      sb.append(",\"baseline\":{").append(counts(a.baseline())).append('}');
      sb.append(",\"ratio\":").append(number(a.ratio()));
      sb.append(",\"trend\":").append(Json.quote(a.trend().label()));
      sb.append(",\"explanation\":[");
      for (int i = 0; i < a.explanation().size(); i++) {
        Explanation e = a.explanation().get(i);
        sb.append(i > 0 ? "," : "")
            .append("{\"feature\":")
            .append(Json.quote(e.feature().label()))
            .append(",\"value\":")
            .append(Json.quote(e.value()))
            .append(",\"share\":")
            .append(number(e.share()))
            .append(",\"baseline_share\":")
            .append(number(e.baselineShare()))
            .append('}');
      }
      sb.append("],\"summary\":").append(Json.quote(a.summary())).append('}');
      out.println(sb);
    }
    for (String note : report.notes()) {
      out.println("{\"kind\":\"note\",\"note\":" + Json.quote(note) + "}");
    }
  }

  private static String counts(Counts c) {
    return "\"records\":"
        + number(c.records())
        + ",\"sources\":"
        + number(c.sources())
        + ",\"targets\":"
        + number(c.targets());
  }

  /** Whole numbers without a fraction, others with four decimals; JSON has no NaN or infinity. */
  private static String number(double v) {
    if (!Double.isFinite(v)) {
      return "null";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }
}

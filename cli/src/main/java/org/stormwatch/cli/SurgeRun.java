package org.stormwatch.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.aggregate.PortActivityAggregator;
import org.stormwatch.core.detect.DetectionMethod;
import org.stormwatch.core.detect.DetectionReport;
import org.stormwatch.core.detect.DetectionSettings;
import org.stormwatch.core.detect.Detector;
import org.stormwatch.core.detect.FeatureAggregator;
import org.stormwatch.core.detect.SurgeReach;
import org.stormwatch.core.input.InputOptions;
import org.stormwatch.core.input.Inputs;
import org.stormwatch.core.scan.ScannerDetector;

/**
 * Surge detection over inputs, shared by {@code detect} and {@code demo}. The first pass feeds the
 * port activity, the feature histograms and the scanner detector; when there are surges and every
 * input can be read again (no standard input), a second pass counts each surge's distinct sources
 * and targets and the scanners among them ({@link SurgeReach}).
 */
final class SurgeRun {
  /** The port activity read and the detector's report. */
  record Result(List<PortActivity> rows, DetectionReport report, boolean allRead) {}

  private SurgeRun() {}

  static Result run(
      InputRunner runner,
      List<String> inputs,
      InputOptions options,
      BucketSize bucket,
      DetectionMethod method) {
    PortActivityAggregator activity = new PortActivityAggregator(bucket);
    FeatureAggregator features = new FeatureAggregator(bucket);
    ScannerDetector scanners = new ScannerDetector();
    boolean allRead =
        runner.readAll(
            inputs,
            options,
            probe -> {
              activity.accept(probe);
              features.accept(probe);
              scanners.probe(probe);
            },
            scanners);
    List<PortActivity> rows = activity.rows();
    DetectionReport report =
        Detector.run(rows, bucket, features, method, DetectionSettings.forBucket(bucket));
    if (report.alerts().isEmpty() || !allRead) {
      return new Result(rows, report, allRead);
    }
    if (inputs.contains(Inputs.STDIN)) {
      List<String> notes = new ArrayList<>(report.notes());
      notes.add(
          "sources and targets of a surge are sums of per-bucket counts, and its scanners are not"
              + " counted: standard input can be read only once");
      return new Result(rows, new DetectionReport(report.alerts(), notes), true);
    }
    SurgeReach reach = new SurgeReach(report.alerts(), bucket);
    InputRunner again = new InputRunner(new PrintWriter(Writer.nullWriter()), false);
    if (!again.readAll(inputs, options, reach)) {
      return new Result(rows, report, false);
    }
    return new Result(
        rows, new DetectionReport(reach.counted(scanners, bucket), report.notes()), true);
  }
}

package org.stormwatch.flink;

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
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.sim.Scenario;
import org.stormwatch.core.sim.ScenarioGenerator;

/** A simulated stream and what the single-machine path computes on it. */
final class Reference {
  final Scenario scenario;
  final List<Probe> probes = new ArrayList<>();
  final List<PortActivity> rows;
  final FeatureAggregator features;
  final DetectionReport report;

  Reference(String preset, long seed, double scale, BucketSize bucket) {
    scenario = Scenario.preset(preset, seed, scale);
    new ScenarioGenerator(scenario).generate(p -> probes.add(p.probe()));
    PortActivityAggregator activity = new PortActivityAggregator(bucket);
    features = new FeatureAggregator(bucket);
    for (Probe p : probes) {
      activity.accept(p);
      features.accept(p);
    }
    rows = activity.rows();
    report =
        Detector.run(
            rows, bucket, features, DetectionMethod.DEFAULT, DetectionSettings.forBucket(bucket));
  }

  static String rowKey(PortActivity r) {
    return r.start() + " " + r.port() + "/" + r.protocol().label();
  }
}

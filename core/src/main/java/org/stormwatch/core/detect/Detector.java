package org.stormwatch.core.detect;

import java.util.List;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;

/**
 * Judges port series: a pure function of the series, the feature histograms and its settings, so
 * the same code runs in the CLI, a server and a stream processor.
 */
public interface Detector {
  /**
   * @param series the port series, all over the same buckets (as {@link PortSeries#of} makes them)
   * @param features the feature histograms for explanations, or {@link FeatureHistograms#NONE}
   */
  DetectionReport detect(List<PortSeries> series, FeatureHistograms features);

  /** The detector of a method. */
  static Detector of(DetectionMethod method, DetectionSettings settings) {
    return method == DetectionMethod.ISC
        ? new IscTrendDetector(settings)
        : new SurgeDetector(settings);
  }

  /** Port activity rows in, report out: {@link PortSeries#of} then {@link #detect}. */
  static DetectionReport run(
      List<PortActivity> rows,
      BucketSize bucket,
      FeatureHistograms features,
      DetectionMethod method,
      DetectionSettings settings) {
    return of(method, settings).detect(PortSeries.of(rows, bucket), features);
  }
}

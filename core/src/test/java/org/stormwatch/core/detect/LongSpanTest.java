package org.stormwatch.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.model.Protocol;

/**
 * Logs of different years read together in hourly buckets: 1,000 ports over ten years (87,600
 * hours). Dense series for all ports at once would take 2 GB; the series are made one at a time and
 * empty hours are not judged, so this runs in seconds and still finds the surge.
 */
class LongSpanTest {
  @Test
  void tenYearsOfHoursOverAThousandPorts() {
    Instant early = Instant.parse("2015-03-07T00:00:00Z");
    Instant late = Instant.parse("2025-03-07T00:00:00Z");
    List<PortActivity> rows = new ArrayList<>();
    for (int port = 1; port <= 1000; port++) {
      rows.add(new PortActivity(early, port, Protocol.TCP, 1, 1, 1));
    }
    // 137/udp: a week of one source an hour, then an hour of 200 sources
    for (int h = 0; h < 24 * 7; h++) {
      rows.add(new PortActivity(late.plusSeconds(h * 3600L), 137, Protocol.UDP, 1, 1, 1));
    }
    rows.add(new PortActivity(late.plusSeconds(24 * 7 * 3600L), 137, Protocol.UDP, 400, 200, 300));
    List<PortSeries> series = PortSeries.of(rows, BucketSize.HOUR);
    assertThat(series).hasSize(1001);
    long hours = java.time.Duration.between(early, late).toHours() + 24 * 7 + 1;
    assertThat(series.get(0).length()).isEqualTo(hours);
    DetectionReport report =
        Detector.run(
            rows,
            BucketSize.HOUR,
            FeatureHistograms.NONE,
            DetectionMethod.DEFAULT,
            DetectionSettings.forBucket(BucketSize.HOUR));
    assertThat(report.alerts()).extracting(Alert::portLabel).containsExactly("137/udp");
  }
}

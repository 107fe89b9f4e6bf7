package org.stormwatch.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivityAggregator;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.detect.DetectionMethod;
import org.stormwatch.core.detect.DetectionSettings;
import org.stormwatch.core.detect.Detector;
import org.stormwatch.core.detect.FeatureAggregator;
import org.stormwatch.core.model.JsonText;
import org.stormwatch.core.sim.Scenario;
import org.stormwatch.core.sim.ScenarioGenerator;

/**
 * The server's DetectionTask runs the fingerprint alarm on the stored source sets: on random
 * scenario 10 at scale 0.05, fed one pcap a day, it raises the alerts that detection over the same
 * probes in one process raises (same onsets, detection buckets, scores), among them the 21/tcp
 * alert that only the fingerprint alarm raises on 2009-02-28 (a day later without it).
 */
class FingerprintAlarmServerTest {
  @Test
  void detectionTask_raisesTheFingerprintAlarmsOfTheSingleProcessRun(@TempDir Path dir)
      throws Exception {
    Scenario scenario = Scenario.random(10, 0.05);
    PortActivityAggregator rows = new PortActivityAggregator(BucketSize.DAY);
    FeatureAggregator features = new FeatureAggregator(BucketSize.DAY);
    long[] newest = {Long.MIN_VALUE};
    new ScenarioGenerator(scenario)
        .generate(
            p -> {
              rows.accept(p.probe());
              features.accept(p.probe());
              newest[0] = Math.max(newest[0], p.probe().timeNanos());
            });
    List<Alert> reference =
        Detector.run(
                rows.rows(),
                BucketSize.DAY,
                features,
                DetectionMethod.DEFAULT,
                DetectionSettings.forBucket(BucketSize.DAY))
            .alerts();
    try (TestServer s = new TestServer(dir, 1, c -> c)) {
      SimulatedFeed.scenario(s, scenario);
      s.server.detectNow();
      // The server judges closed days only: the day holding the newest probe less the lateness
      // is still open.
      Instant open =
          Instant.ofEpochSecond(BucketSize.DAY.startOf(newest[0] - Duration.ofHours(1).toNanos()));
      List<String> expected = new ArrayList<>();
      for (Alert a : reference) {
        if (a.detected().isBefore(open)) {
          expected.add(
              line(
                  a.port() + "/" + a.protocol().label(),
                  a.onset(),
                  a.detected(),
                  JsonText.number(a.score())));
        }
      }
      List<String> got = new ArrayList<>();
      for (JsonNode a : s.get("/api/alerts").get("alerts")) {
        got.add(
            line(
                a.get("port").asInt() + "/" + a.get("protocol").asText(),
                Instant.parse(a.get("onset").asText()),
                Instant.parse(a.get("detected").asText()),
                a.get("score").asText()));
      }
      assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(expected)
          .anyMatch(l -> l.startsWith("21/tcp 2009-02-28T00:00:00Z 2009-02-28T00:00:00Z"));
    }
  }

  /**
   * The score as the API's JSON writes it (four decimals): rounding the API's number again would
   * round twice (89.96148 is 89.9615 in JSON, then 89.962, against 89.961 from the score itself).
   */
  private static String line(String port, Instant onset, Instant detected, String score) {
    return port + " " + onset + " " + detected + " " + score;
  }
}

package org.stormwatch.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stormwatch.core.detect.QuietPortFingerprintTest.DAILY;
import static org.stormwatch.core.detect.QuietPortFingerprintTest.DAYS;
import static org.stormwatch.core.detect.QuietPortFingerprintTest.ONSET;
import static org.stormwatch.core.detect.QuietPortFingerprintTest.OUTBREAK_PORT;
import static org.stormwatch.core.detect.QuietPortFingerprintTest.day;
import static org.stormwatch.core.detect.QuietPortFingerprintTest.on;
import static org.stormwatch.core.detect.QuietPortFingerprintTest.probe;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.detect.QuietPortFingerprintTest.Input;
import org.stormwatch.core.model.Protocol;

/**
 * The fingerprint alarm's window ({@link DetectionSettings#fingerprintWindow()}): the quiet ports
 * of {@link QuietPortFingerprintTest}, and on one of them, from day 35, two new sources a day whose
 * SYNs carry a fingerprint the background lacks. No day alone reaches the alarm's three sources;
 * their union over two days does, so with a window of 2 they alert on their second day, and without
 * it not then. Common-stack sources arriving the same way, and the quiet background itself, get no
 * alert from the window.
 */
class FingerprintWindowTest {
  static final DetectionSettings WINDOW = DAILY.withFingerprintWindow(2);
  static final DetectionSettings ONE_BUCKET = DAILY.withFingerprintWindow(1);

  static LongStream seeds() {
    return LongStream.range(0, 10);
  }

  /**
   * @param perDay new sources a day on the outbreak port from ONSET
   * @param odd whether they show the odd fingerprint (else a common stack)
   */
  static Input input(long seed, int perDay, boolean odd) {
    Random r = new Random(seed);
    Input in = new Input();
    int next = QuietPortFingerprintTest.background(in, r);
    for (int d = ONSET; d < DAYS; d++) {
      for (int s = 0; s < perDay; s++) {
        probe(in, r, d, OUTBREAK_PORT, 0x50000000 + next++, odd ? 52 : 48, odd ? 240 : 110);
      }
    }
    probe(in, r, 0, OUTBREAK_PORT, 0x70000000, 48, 110);
    return in;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void twoOddSourcesADay_alertOnTheirSecondDayWithTheWindowOnly(long seed) {
    Input in = input(seed, 2, true);
    List<Alert> alerts = on(in.alerts(WINDOW), OUTBREAK_PORT);
    assertThat(alerts).hasSize(1);
    assertThat(day(alerts.get(0).detected())).isEqualTo(ONSET + 1);
    assertThat(day(alerts.get(0).onset())).isEqualTo(ONSET);
    assertThat(on(in.alerts(ONE_BUCKET), OUTBREAK_PORT))
        .noneMatch(a -> day(a.detected()) <= ONSET + 1);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void twoCommonStackSourcesADay_doNotAlert(long seed) {
    Input in = input(seed, 2, false);
    assertThat(on(in.alerts(WINDOW), OUTBREAK_PORT)).isEmpty();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theQuietBackground_getsNoAlertFromTheWindow(long seed) {
    Input in = input(seed, 0, false);
    assertThat(in.alerts(WINDOW)).isEqualTo(in.alerts(ONE_BUCKET));
  }

  /**
   * Any {@link FeatureHistograms} that hands out its cells' source sets gets the window, not only
   * {@link FeatureAggregator}: here one that decodes each cell from its stored byte form, as the
   * store does.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void anotherImplementation_handingOutDecodedSets_getsTheSameWindowAlert(long seed) {
    Input in = input(seed, 2, true);
    FeatureHistograms decoded =
        new FeatureHistograms() {
          @Override
          public FeatureCounts sum(int port, Protocol protocol, Instant from, Instant to) {
            return in.features.sum(port, protocol, from, to);
          }

          @Override
          public FingerprintSources fingerprintSources(
              int port, Protocol protocol, Instant bucketStart) {
            return FingerprintSourcesCodec.decode(
                FingerprintSourcesCodec.encode(
                    in.features.fingerprintSources(port, protocol, bucketStart)));
          }
        };
    List<Alert> alerts =
        Detector.run(in.activity.rows(), BucketSize.DAY, decoded, DetectionMethod.DEFAULT, WINDOW)
            .alerts();
    assertThat(alerts).isEqualTo(in.alerts(WINDOW));
    assertThat(on(alerts, OUTBREAK_PORT)).hasSize(1);
    assertThat(day(on(alerts, OUTBREAK_PORT).get(0).detected())).isEqualTo(ONSET + 1);
  }
}

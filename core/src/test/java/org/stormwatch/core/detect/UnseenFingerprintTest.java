package org.stormwatch.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.detect.QuietPortFingerprintTest.Input;

/**
 * The fingerprint alarm's floor for a value never seen on a busy port ({@link
 * DetectionSettings#fingerprintUnseenSources()}): a port of about 40 sources a day (three common
 * stacks, and a rare fourth one every few days), beside the quiet ports that make up the pooled mix
 * ({@link QuietPortFingerprintTest#background}). From day 35 five new sources a day send SYNs with
 * an IP length and TTL band neither the port nor the pool ever showed. Floored at level x
 * fingerprintMinShare (0.2 a day) five score about 4.8 and wait for the second day; floored at the
 * rate of a sighting in the 27 days of history they alert on their first. The port's own
 * background, its rare stack included, alerts no more with the floor than without it.
 */
class UnseenFingerprintTest {
  static final int BUSY_PORT = 8_080;
  static final DetectionSettings DAILY = DetectionSettings.forBucket(BucketSize.DAY);
  static final DetectionSettings WITHOUT = DAILY.with("fingerprintUnseenSources=Infinity");

  static LongStream seeds() {
    return LongStream.range(0, 10);
  }

  static Input input(long seed, boolean outbreak) {
    Random r = new Random(seed);
    Input in = new Input();
    int next = QuietPortFingerprintTest.background(in, r);
    for (int day = 0; day < QuietPortFingerprintTest.DAYS; day++) {
      double mean = 40 * (day % 7 >= 5 ? 0.7 : 1) * Math.exp(0.15 * r.nextGaussian() - 0.011);
      long sources = Synthetic.poisson(r, mean);
      for (int s = 0; s < sources; s++) {
        int stack = r.nextInt(3);
        QuietPortFingerprintTest.probe(
            in,
            r,
            day,
            BUSY_PORT,
            0x40000000 + next++,
            QuietPortFingerprintTest.LENGTHS[stack],
            QuietPortFingerprintTest.TTLS[stack]);
      }
      for (long s = Synthetic.poisson(r, 0.25); s > 0; s--) {
        QuietPortFingerprintTest.probe(in, r, day, BUSY_PORT, 0x48000000 + next++, 40, 250);
      }
      for (int s = 0; outbreak && day >= QuietPortFingerprintTest.ONSET && s < 5; s++) {
        QuietPortFingerprintTest.probe(in, r, day, BUSY_PORT, 0x50000000 + next++, 52, 240);
      }
    }
    return in;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void fiveSourcesOfAFingerprintTheBusyPortNeverSaw_alertOnTheirFirstDay(long seed) {
    Input in = input(seed, true);
    List<Alert> alerts = QuietPortFingerprintTest.on(in.alerts(DAILY), BUSY_PORT);
    assertThat(alerts).hasSize(1);
    assertThat(QuietPortFingerprintTest.day(alerts.get(0).detected()))
        .isEqualTo(QuietPortFingerprintTest.ONSET);
    assertThat(QuietPortFingerprintTest.on(in.alerts(WITHOUT), BUSY_PORT))
        .noneMatch(
            a -> QuietPortFingerprintTest.day(a.detected()) == QuietPortFingerprintTest.ONSET);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theBusyPortsOwnBackground_alertsNoMoreWithTheFloor(long seed) {
    Input in = input(seed, false);
    assertThat(in.alerts(DAILY)).isEqualTo(in.alerts(WITHOUT));
  }

  @Test
  void hourlyBuckets_leaveTheFloorOff() {
    assertThat(DetectionSettings.forBucket(BucketSize.HOUR).fingerprintUnseenSources())
        .isInfinite();
    assertThat(DAILY.fingerprintUnseenSources()).isFinite();
  }
}

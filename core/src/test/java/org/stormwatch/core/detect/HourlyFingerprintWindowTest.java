package org.stormwatch.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivityAggregator;
import org.stormwatch.core.model.Probe;

/**
 * Hourly buckets and the fingerprint alarm's default window of a day of hours: 300 quiet TCP ports
 * (0.1 to 2 sources a day, three common stacks) judged by the hour, and on one of them, from hour
 * 200, one new source an hour whose SYNs carry a fingerprint the background lacks. No hour reaches
 * the alarm's three sources, so with a window of one hour nothing alerts; with the hourly default
 * (24) their union over the last hours alerts within the first few hours. The quiet background
 * alone gets no more alerts with the window than without it.
 */
class HourlyFingerprintWindowTest {
  static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  static final int HOURS = 240;
  static final int ONSET = 200;
  static final int OUTBREAK_PORT = 40_000;
  static final DetectionSettings HOURLY = DetectionSettings.forBucket(BucketSize.HOUR);
  static final DetectionSettings ONE_HOUR = HOURLY.withFingerprintWindow(1);
  static final int[] LENGTHS = {44, 48, 60};
  static final int[] TTLS = {50, 110, 120};

  static LongStream seeds() {
    return LongStream.range(0, 5);
  }

  static final class Input {
    final PortActivityAggregator activity = new PortActivityAggregator(BucketSize.HOUR);
    final FeatureAggregator features = new FeatureAggregator(BucketSize.HOUR);

    List<Alert> alerts(DetectionSettings settings) {
      return Detector.run(
              activity.rows(), BucketSize.HOUR, features, DetectionMethod.DEFAULT, settings)
          .alerts();
    }

    void probe(Random r, int hour, int port, int src, int ipLength, int ttl) {
      for (int k = 1 + r.nextInt(3); k > 0; k--) {
        long t = (START.getEpochSecond() + hour * 3_600L + r.nextInt(3_600)) * 1_000_000_000L;
        Probe p = Synthetic.syn(t, r, src, port, ipLength, ttl);
        activity.accept(p);
        features.accept(p);
      }
    }
  }

  static Input input(long seed, boolean outbreak) {
    Random r = new Random(seed);
    Input in = new Input();
    int next = 1;
    for (int i = 0; i < 300; i++) {
      int port = 20_000 + i * 61;
      double perHour = (0.1 + 1.9 * r.nextDouble() * r.nextDouble()) / 24;
      for (int h = 0; h < HOURS; h++) {
        for (long s = Synthetic.poisson(r, perHour); s > 0; s--) {
          int stack = r.nextInt(3);
          in.probe(r, h, port, 0x40000000 + next++, LENGTHS[stack], TTLS[stack]);
        }
      }
    }
    for (int h = ONSET; outbreak && h < HOURS; h++) {
      in.probe(r, h, OUTBREAK_PORT, 0x50000000 + next++, 52, 240);
    }
    // one stray probe early on, so that the port's series covers the whole window
    in.probe(r, 0, OUTBREAK_PORT, 0x70000000, 48, 110);
    return in;
  }

  static long hour(Instant i) {
    return (i.getEpochSecond() - START.getEpochSecond()) / 3_600;
  }

  static List<Alert> on(List<Alert> alerts) {
    return alerts.stream().filter(a -> a.port() == OUTBREAK_PORT).toList();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void oneOddSourceAnHour_alertsWithinHours_withTheDefaultWindowOnly(long seed) {
    Input in = input(seed, true);
    List<Alert> alerts = on(in.alerts(HOURLY));
    assertThat(alerts).hasSize(1);
    assertThat(hour(alerts.get(0).detected())).isBetween((long) ONSET + 2, (long) ONSET + 6);
    assertThat(on(in.alerts(ONE_HOUR))).isEmpty();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theQuietBackground_getsNoAlertFromTheWindow(long seed) {
    Input in = input(seed, false);
    assertThat(in.alerts(HOURLY)).isEqualTo(in.alerts(ONE_HOUR));
  }
}

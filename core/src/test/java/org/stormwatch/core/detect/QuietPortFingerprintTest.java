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
 * Many quiet and dead TCP ports (0.1 to 2 sources a day, every source one of three common stacks),
 * and on one of them, from day 35, three new sources a day whose SYNs carry an IP length and TTL
 * band the pooled background never shows. With the pooled fingerprint mix ({@link FingerprintMix})
 * the three alert on their first day; with the old floor (every value at the port's 0.25 sources a
 * day, at least 5 sources) they do not. Three common-stack sources on a dead port, which the
 * background itself produces now and then, never alert from the fingerprint alarm.
 */
class QuietPortFingerprintTest {
  static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  static final int PORTS = 300;
  static final int OUTBREAK_PORT = 40_000;
  static final int ONSET = 35;
  static final int DAYS = 42;
  static final DetectionSettings DAILY = DetectionSettings.forBucket(BucketSize.DAY);
  static final int[] LENGTHS = {44, 48, 60};
  static final int[] TTLS = {50, 110, 120};

  static LongStream seeds() {
    return LongStream.range(0, 10);
  }

  static DetectionSettings oldFloor() {
    return withFingerprintFloor(DAILY, DAILY.minSources(), 1);
  }

  static DetectionSettings withFingerprintFloor(
      DetectionSettings d, long minSources, double minShare) {
    return new DetectionSettings(
        d.baselineBuckets(),
        d.baselineGuard(),
        d.minHistoryBuckets(),
        d.seasonPeriod(),
        d.busyLevel(),
        d.sourceFloor(),
        d.minRelativeSpread(),
        d.minScore(),
        d.minSources(),
        d.minRise(),
        d.continueScore(),
        d.endAfterQuiet(),
        d.onsetLookback(),
        d.onsetReference(),
        d.trendBuckets(),
        d.trendChange(),
        d.iscWindowBuckets(),
        d.iscMinScore(),
        d.explainMinDifference(),
        d.explainMaxFeatures(),
        d.cusumReference(),
        d.cusumThreshold(),
        d.cusumMinRise(),
        d.fingerprintOnsetScore(),
        d.fingerprintScore(),
        minSources,
        minShare,
        d.fingerprintWindow(),
        d.fingerprintOnsetGap(),
        d.fingerprintUnseenSources());
  }

  static final class Input {
    final PortActivityAggregator activity = new PortActivityAggregator(BucketSize.DAY);
    final FeatureAggregator features = new FeatureAggregator(BucketSize.DAY);

    void add(Probe p) {
      activity.accept(p);
      features.accept(p);
    }

    List<Alert> alerts(DetectionSettings settings) {
      return Detector.run(
              activity.rows(), BucketSize.DAY, features, DetectionMethod.DEFAULT, settings)
          .alerts();
    }
  }

  /**
   * @param outbreak whether the odd-fingerprinted sources come
   * @param commonTriple whether, on day 35, three common-stack sources probe a dead port
   */
  static Input input(long seed, boolean outbreak, boolean commonTriple) {
    Random r = new Random(seed);
    Input in = new Input();
    int next = background(in, r);
    for (int day = ONSET; day < DAYS; day++) {
      for (int s = 0; outbreak && s < 3; s++) {
        probe(in, r, day, OUTBREAK_PORT, 0x50000000 + next++, 52, 240);
      }
    }
    for (int s = 0; commonTriple && s < 3; s++) {
      probe(in, r, ONSET, OUTBREAK_PORT, 0x60000000 + next++, 48, 110);
    }
    // one stray probe early on, so that the port's series covers the whole window
    probe(in, r, 0, OUTBREAK_PORT, 0x70000000, 48, 110);
    return in;
  }

  /**
   * The quiet background: {@link #PORTS} ports of 0.1 to 2 sources a day (weekends 0.7x), each
   * source one of three common stacks. Returns the next free source number.
   */
  static int background(Input in, Random r) {
    int next = 1;
    for (int i = 0; i < PORTS; i++) {
      int port = 20_000 + i * 61;
      double mean = 0.1 + 1.9 * r.nextDouble() * r.nextDouble();
      for (int day = 0; day < DAYS; day++) {
        long sources = Synthetic.poisson(r, mean * (day % 7 >= 5 ? 0.7 : 1));
        for (int s = 0; s < sources; s++) {
          int stack = r.nextInt(3);
          probe(in, r, day, port, 0x40000000 + next++, LENGTHS[stack], TTLS[stack]);
        }
      }
    }
    return next;
  }

  static void probe(Input in, Random r, int day, int port, int src, int ipLength, int ttl) {
    for (int k = 1 + r.nextInt(3); k > 0; k--) {
      long t = (START.getEpochSecond() + day * 86_400L + r.nextInt(86_400)) * 1_000_000_000L;
      in.add(Synthetic.syn(t, r, src, port, ipLength, ttl));
    }
  }

  static long day(Instant i) {
    return (i.getEpochSecond() - START.getEpochSecond()) / 86_400;
  }

  static List<Alert> on(List<Alert> alerts, int port) {
    return alerts.stream().filter(a -> a.port() == port).toList();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void threeSourcesWithAFingerprintTheBackgroundLacks_alertOnTheirFirstDay(long seed) {
    Input in = input(seed, true, false);
    List<Alert> alerts = on(in.alerts(DAILY), OUTBREAK_PORT);
    assertThat(alerts).hasSize(1);
    assertThat(day(alerts.get(0).detected())).isEqualTo(ONSET);
    assertThat(day(alerts.get(0).onset())).isEqualTo(ONSET);
    assertThat(on(in.alerts(oldFloor()), OUTBREAK_PORT)).noneMatch(a -> day(a.detected()) == ONSET);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void threeCommonStackSourcesOnADeadPort_doNotAlert(long seed) {
    Input in = input(seed, false, true);
    assertThat(on(in.alerts(DAILY), OUTBREAK_PORT)).isEmpty();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theQuietBackground_getsNoAlertFromThePooledMix(long seed) {
    Input in = input(seed, false, false);
    assertThat(in.alerts(DAILY)).isEqualTo(in.alerts(oldFloor()));
  }
}

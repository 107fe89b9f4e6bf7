package org.stormwatch.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivityAggregator;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.nbns.NbnsFeatures;

/**
 * A busy 137/udp port (about 200 legitimate sources a day) and a forged-lookup outbreak whose first
 * two days carry 4 and 15 sources, invisible in the port's day-to-day spread; the third day carries
 * hundreds. The source counts date the onset to the third day; the fingerprint dates it to the
 * first, unless the outbreak's packets look like the background's (and the fingerprint alarm alerts
 * on the second day, when they do not).
 */
class FingerprintOnsetTest {
  static final int ONSET = 35;

  static LongStream seeds() {
    return LongStream.range(0, 20);
  }

  static DetectionReport run(long seed, boolean distinct) {
    Random r = new Random(seed);
    PortActivityAggregator activity = new PortActivityAggregator(BucketSize.DAY);
    FeatureAggregator features = new FeatureAggregator(BucketSize.DAY);
    int[] wave = {4, 15, 600, 900};
    for (int day = 0; day < ONSET + wave.length; day++) {
      int legit = 170 + r.nextInt(60);
      for (int i = 0; i < legit; i++) {
        Probe p =
            ExplainerTest.probe(
                day, r, 137, 0x0a000000 | r.nextInt(1 << 20), ExplainerTest.legit(), 128);
        activity.accept(p);
        features.accept(p);
      }
      if (day >= ONSET) {
        NbnsFeatures look = distinct ? ExplainerTest.forged() : ExplainerTest.legit();
        for (int i = 0; i < wave[day - ONSET]; i++) {
          Probe p =
              ExplainerTest.probe(
                  day, r, distinct ? 1025 + r.nextInt(4000) : 137, r.nextInt() | 1, look, 128);
          activity.accept(p);
          features.accept(p);
        }
      }
    }
    return Detector.run(
        activity.rows(),
        BucketSize.DAY,
        features,
        DetectionMethod.DEFAULT,
        DetectionSettings.forBucket(BucketSize.DAY));
  }

  static Instant day(int d) {
    return ExplainerTest.START.plusSeconds(d * 86_400L);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aRareFingerprintDatesTheOnsetToTheFirstProbes(long seed) {
    DetectionReport report = run(seed, true);
    assertThat(report.alerts()).as("seed %d: %s", seed, report).hasSize(1);
    Alert a = report.alerts().get(0);
    // the fingerprint alarm: 15 forged lookups on the second day, where none are usual (4 on the
    // first are fewer than minSources)
    assertThat(a.detected()).isEqualTo(day(ONSET + 1));
    assertThat(a.onset()).as("seed %d", seed).isEqualTo(day(ONSET));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void packetsLikeTheBackgroundLeaveTheOnsetToTheSourceCounts(long seed) {
    DetectionReport report = run(seed, false);
    assertThat(report.alerts()).as("seed %d: %s", seed, report).hasSize(1);
    Alert a = report.alerts().get(0);
    assertThat(a.detected()).isEqualTo(day(ONSET + 2));
    // no fingerprint: the first two days cannot be told from noise
    assertThat(a.onset()).as("seed %d", seed).isAfterOrEqualTo(day(ONSET + 1));
  }
}

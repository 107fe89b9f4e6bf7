package org.stormwatch.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.model.Protocol;

/**
 * One port at a time with a mix pooled elsewhere ({@link FingerprintMix#pooled}, as the Flink job
 * does) raises exactly the alerts of one run over every port ({@link FingerprintMix#of}), the mix
 * read through a shifted view; a port judged with only its own cells pooled misses the first day.
 */
class PooledFingerprintMixTest {
  static LongStream seeds() {
    return LongStream.range(0, 5);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void perPortWithThePooledMix_equalsOneRunOverEveryPort(long seed) {
    QuietPortFingerprintTest.Input in = QuietPortFingerprintTest.input(seed, true, false);
    DetectionSettings settings = QuietPortFingerprintTest.DAILY;
    List<PortSeries> all = PortSeries.of(in.activity.rows(), BucketSize.DAY);
    List<Alert> whole = new SurgeDetector(settings).detect(all, in.features).alerts();

    FingerprintMix pooled = FingerprintMix.pooled();
    int offset = 1_000; // the mix on an absolute axis; each series reads it through a shifted view
    for (int t = 0; t < all.get(0).length(); t++) {
      Map<String, Long> sum = new HashMap<>();
      for (PortSeries s : all) {
        if (s.value(Metric.RECORDS, t) > 0) {
          FingerprintMix.quietPart(
                  in.features.fingerprintSources(s.port(), s.protocol(), s.startOf(t)).counts())
              .forEach((k, v) -> sum.merge(k, v, Long::sum));
        }
      }
      pooled.putPooled(Protocol.TCP, offset + t, sum);
    }
    List<Alert> perPort = new ArrayList<>();
    List<Alert> ownOnly = new ArrayList<>();
    for (PortSeries s : all) {
      perPort.addAll(
          new SurgeDetector(settings)
              .detect(List.of(s), in.features, pooled.shifted(offset))
              .alerts());
      ownOnly.addAll(new SurgeDetector(settings).detect(List.of(s), in.features).alerts());
    }
    assertThat(perPort).containsExactlyInAnyOrderElementsOf(whole);
    assertThat(QuietPortFingerprintTest.on(whole, QuietPortFingerprintTest.OUTBREAK_PORT))
        .anyMatch(
            a -> QuietPortFingerprintTest.day(a.detected()) == QuietPortFingerprintTest.ONSET);
    assertThat(QuietPortFingerprintTest.on(ownOnly, QuietPortFingerprintTest.OUTBREAK_PORT))
        .noneMatch(
            a -> QuietPortFingerprintTest.day(a.detected()) == QuietPortFingerprintTest.ONSET);
  }
}

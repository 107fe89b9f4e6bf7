package org.stormwatch.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.detect.Synthetic.Profile;
import org.stormwatch.core.detect.Synthetic.Surge;

/** ISC's trend score on the same synthetic data as the default detector. */
class IscTrendDetectorTest {
  static final DetectionSettings DAILY = DetectionSettings.forBucket(BucketSize.DAY);

  @Test
  void scoreIsIscsFormula() {
    long[][] v = new long[3][31];
    for (int d = 0; d < 30; d++) {
      v[0][d] = 40;
      v[1][d] = 10;
      v[2][d] = 20;
    }
    v[0][30] = 100;
    v[1][30] = 30;
    v[2][30] = 25;
    PortSeries s =
        new PortSeries(
            1, org.stormwatch.core.model.Protocol.TCP, Synthetic.START, BucketSize.DAY, v);
    Baseline b = MeanBaseline.fit(s, 30, 30);
    // sqrt((30-10)^2/10 + (25-20)^2/20) = sqrt(40 + 1.25)
    assertThat(IscTrendDetector.score(b, s, 30))
        .isCloseTo(Math.sqrt(41.25), org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void plantedSurges_areDetectedByIscToo() {
    for (Profile p : Profile.values()) {
      for (long seed = 0; seed < 30; seed++) {
        Random r = new Random(seed * 7 + p.ordinal());
        Surge surge = SurgeDetectorTest.surgeFor(p, r);
        PortSeries s = Synthetic.series(r, 1, p, SurgeDetectorTest.DAYS, surge, true);
        DetectionReport report =
            new IscTrendDetector(DAILY).detect(List.of(s), FeatureHistograms.NONE);
        assertThat(report.alerts()).as("seed %d %s", seed, p).isNotEmpty();
        assertThat(report.alerts()).allMatch(a -> a.method().equals("isc"));
      }
    }
  }

  /** The point of the default method: ISC alerts on background that the default leaves alone. */
  @Test
  void onBackground_iscAlertsFarMoreOftenThanTheDefault() {
    int isc = 0;
    int robust = 0;
    for (long seed = 0; seed < 50; seed++) {
      Random r = new Random(seed);
      for (Profile p : Profile.values()) {
        PortSeries s = Synthetic.series(r, 1, p, SurgeDetectorTest.DAYS, null, true);
        isc +=
            new IscTrendDetector(DAILY).detect(List.of(s), FeatureHistograms.NONE).alerts().size();
        robust +=
            new SurgeDetector(DAILY).detect(List.of(s), FeatureHistograms.NONE).alerts().size();
      }
    }
    assertThat(isc).isGreaterThan(10 * Math.max(1, robust));
  }
}

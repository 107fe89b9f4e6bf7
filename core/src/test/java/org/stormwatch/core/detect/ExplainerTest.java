package org.stormwatch.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivityAggregator;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.nbns.NbnsFeatures;

/**
 * A synthetic 2002 outbreak on 137/udp, probe by probe: five weeks of a few legitimate lookups
 * (source port 137, no broadcast bit, NB query), then forged wildcard NBSTAT lookups from many new
 * sources. The alert names the forged features with their shares and reads like the ISC note.
 */
class ExplainerTest {
  static final Instant START = Instant.parse("2002-08-24T00:00:00Z");
  static final int ONSET = 35; // 2002-09-28
  static final String WILDCARD = "*" + "<00>".repeat(15);

  static LongStream seeds() {
    return LongStream.range(0, 10);
  }

  static NbnsFeatures legit() {
    return new NbnsFeatures(
        NbnsFeatures.Source.PAYLOAD,
        false,
        0,
        false,
        0x20,
        "WORKGROUP<1d>",
        false,
        false,
        false,
        false,
        false,
        null,
        List.of());
  }

  static NbnsFeatures forged() {
    return new NbnsFeatures(
        NbnsFeatures.Source.PAYLOAD,
        false,
        0,
        true,
        0x21,
        WILDCARD,
        true,
        true,
        false,
        true,
        false,
        null,
        List.of(NbnsFeatures.FORGED));
  }

  static Probe probe(long day, Random r, int srcPort, int src, NbnsFeatures f, int ttl) {
    long t = (START.getEpochSecond() + day * 86_400 + r.nextInt(86_400)) * 1_000_000_000L;
    return new Probe(
        t,
        0,
        IpAddresses.v4Lo(src),
        srcPort,
        0,
        IpAddresses.v4Lo(0xc0a80000 | r.nextInt(65_536)),
        137,
        Protocol.UDP,
        Probe.UNKNOWN,
        78,
        ttl,
        "",
        f);
  }

  /** Feeds both aggregators; returns the report. */
  static DetectionReport outbreak(long seed, int days) {
    Random r = new Random(seed);
    PortActivityAggregator activity = new PortActivityAggregator(BucketSize.DAY);
    FeatureAggregator features = new FeatureAggregator(BucketSize.DAY);
    for (int day = 0; day < days; day++) {
      int legit = 2 + r.nextInt(5);
      for (int i = 0; i < legit; i++) {
        Probe p = probe(day, r, 137, 0x0a000000 | r.nextInt(32), legit(), 128);
        activity.accept(p);
        features.accept(p);
      }
      if (day >= ONSET) {
        int wave = (int) (150 * Math.pow(3, day - ONSET));
        for (int i = 0; i < wave; i++) {
          Probe p = probe(day, r, 1025 + r.nextInt(4000), r.nextInt() | 0x01000000, forged(), 110);
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

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void forgedNbnsOutbreak_isExplainedByItsForgedFeatures(long seed) {
    DetectionReport report = outbreak(seed, ONSET + 3);
    assertThat(report.alerts()).as("seed %d: %s", seed, report).hasSize(1);
    Alert a = report.alerts().get(0);
    assertThat(a.portLabel()).isEqualTo("137/udp");
    assertThat(a.onset()).isEqualTo(Instant.parse("2002-09-28T00:00:00Z"));
    assertThat(a.detected()).isEqualTo(a.onset());
    assertThat(a.trend()).isEqualTo(Trend.RISING);
    Explanation forged = find(a, Feature.NBNS_FORGED);
    assertThat(forged.value()).isEqualTo("forged");
    assertThat(forged.share()).as("seed %d", seed).isGreaterThan(0.95);
    assertThat(forged.baselineShare()).isZero();
    assertThat(find(a, Feature.NBNS_BROADCAST).value()).isEqualTo("set");
    assertThat(find(a, Feature.NBNS_QUERY_TYPE).value()).isEqualTo("NBSTAT");
    assertThat(find(a, Feature.NBNS_NAME).value()).isEqualTo("*");
    // Present in surge and baseline alike: no explanation.
    assertThat(a.explanation()).extracting(Explanation::feature).doesNotContain(Feature.IP_LENGTH);
    assertThat(a.summary())
        .as("seed %d", seed)
        .matches(
            "137/udp: [0-9,]+ sources, [0-9,]+ targets since 2002-09-28 \\([0-9,]+x baseline\\);"
                + " (9[0-9]%|>99%) of probes are forged lookups with the broadcast bit set and a source"
                + " port of 1025 or higher \\(baseline 0%\\); NBSTAT query for \\* \\((9[0-9]%|>99%),"
                + " baseline 0%\\).*");
  }

  @Test
  void summaryCountsAreTheSurgeSums_andTheMultipleIsOverTheBaseline() {
    DetectionReport report = outbreak(1, ONSET + 3);
    Alert a = report.alerts().get(0);
    assertThat(a.surge().sources()).isGreaterThan(150 + 450 + 1350 - 100);
    assertThat(a.summary()).contains(String.format("%,d sources", Math.round(a.surge().sources())));
    assertThat(a.ratio()).isGreaterThan(30);
  }

  @Test
  void featureHistograms_areBounded_andMergeLikeOneAggregation() {
    Random r = new Random(3);
    FeatureAggregator all = new FeatureAggregator(BucketSize.DAY);
    FeatureAggregator a = new FeatureAggregator(BucketSize.DAY);
    FeatureAggregator b = new FeatureAggregator(BucketSize.DAY);
    for (int i = 0; i < 5000; i++) {
      long t = START.getEpochSecond() * 1_000_000_000L;
      Probe p =
          new Probe(
              t,
              0,
              IpAddresses.v4Lo(r.nextInt()),
              r.nextInt(65_536),
              0,
              IpAddresses.v4Lo(1),
              80,
              Protocol.TCP,
              r.nextInt(256),
              40 + r.nextInt(30),
              r.nextInt(256),
              "",
              null);
      all.accept(p);
      (i % 2 == 0 ? a : b).accept(p);
    }
    a.addAll(b);
    FeatureCounts one = all.sum(80, Protocol.TCP, START, START.plusSeconds(86_400));
    FeatureCounts merged = a.sum(80, Protocol.TCP, START, START.plusSeconds(86_400));
    for (Feature f : List.of(Feature.SOURCE_PORT, Feature.IP_LENGTH, Feature.TTL)) {
      assertThat(merged.values(f)).as("%s", f).isEqualTo(one.values(f));
    }
    // 256 flag combinations: 64 kept one by one, the rest counted as other; totals exact.
    assertThat(one.values(Feature.TCP_FLAGS)).hasSize(FeatureCounts.MAX_VALUES + 1);
    assertThat(one.total(Feature.TCP_FLAGS)).isEqualTo(5000);
    assertThat(merged.total(Feature.TCP_FLAGS)).isEqualTo(5000);
  }

  @Test
  void featureValues_areNamedAsPeopleReadThem() {
    assertThat(FeatureAggregator.flagsText(0x02)).isEqualTo("SYN");
    assertThat(FeatureAggregator.flagsText(0x29)).isEqualTo("FIN,PSH,URG");
    assertThat(FeatureAggregator.flagsText(0)).isEqualTo("NULL");
    assertThat(FeatureAggregator.sourcePortClass(137, 137)).isEqualTo("equal to the port");
    assertThat(FeatureAggregator.sourcePortClass(1023, 137)).isEqualTo("below 1024");
    assertThat(FeatureAggregator.sourcePortClass(1024, 137)).isEqualTo("1024-4999");
    assertThat(FeatureAggregator.sourcePortClass(5000, 137)).isEqualTo("5000 and up");
    assertThat(FeatureAggregator.ttlBand(32)).isEqualTo("<=32");
    assertThat(FeatureAggregator.ttlBand(33)).isEqualTo("33-64");
    assertThat(FeatureAggregator.ttlBand(128)).isEqualTo("65-128");
    assertThat(FeatureAggregator.ttlBand(255)).isEqualTo("129-255");
    assertThat(FeatureAggregator.ttlBand(-1)).isEqualTo("unknown");
    assertThat(AlertSummary.percent(0.001)).isEqualTo("<1%");
    assertThat(AlertSummary.percent(0.999)).isEqualTo(">99%");
    assertThat(AlertSummary.multiple(31.4)).isEqualTo("31x");
  }

  static Explanation find(Alert a, Feature f) {
    return a.explanation().stream()
        .filter(e -> e.feature() == f)
        .findFirst()
        .orElseThrow(() -> new AssertionError(f + " not in " + a.explanation()));
  }
}

package org.stormwatch.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.scan.ScannerDetector;

class SurgeReachTest {
  private static final Instant DAY0 = Instant.parse("2002-09-28T00:00:00Z");

  private static Alert alert(int port, Instant onset, Instant last) {
    return new Alert(
        "surge",
        "default",
        port,
        Protocol.UDP,
        onset,
        onset,
        last,
        10,
        new Counts(100, 40, 90),
        new Counts(2, 2, 2),
        Trend.RISING,
        List.of(),
        "old sentence",
        Reach.UNKNOWN);
  }

  private static Probe probe(Instant t, int src, int dst, int port) {
    long nanos = t.getEpochSecond() * 1_000_000_000L;
    return Probe.of(
        nanos,
        new long[] {0, IpAddresses.v4Lo(src)},
        1025,
        new long[] {0, IpAddresses.v4Lo(dst)},
        port,
        Protocol.UDP);
  }

  @Test
  void countsDistinctSourcesAndTargetsOfTheSurgeWindowOnly() {
    Alert a = alert(137, DAY0, DAY0.plusSeconds(86_400));
    SurgeReach reach = new SurgeReach(List.of(a), BucketSize.DAY);
    // the same source on both days counts once; a sum of daily counts would say 2
    reach.accept(probe(DAY0.plusSeconds(10), 1, 100, 137));
    reach.accept(probe(DAY0.plusSeconds(86_400 + 10), 1, 101, 137));
    reach.accept(probe(DAY0.plusSeconds(86_400 + 20), 2, 101, 137));
    // outside the window: before the onset, after the last bucket, another port or protocol
    reach.accept(probe(DAY0.minusSeconds(1), 3, 102, 137));
    reach.accept(probe(DAY0.plusSeconds(2 * 86_400), 4, 103, 137));
    reach.accept(probe(DAY0.plusSeconds(30), 5, 104, 138));
    Alert counted = reach.counted(null, BucketSize.DAY).get(0);
    assertThat(counted.reach()).isEqualTo(new Reach(2, 2, -1));
    assertThat(counted.summary()).startsWith("137/udp: 2 sources, 2 targets since 2002-09-28");
    assertThat(counted.summary()).doesNotContain("scanner");
  }

  @Test
  void tellsHowManySourcesTheScannerDetectorFlags() {
    Alert a = alert(137, DAY0, DAY0);
    SurgeReach reach = new SurgeReach(List.of(a), BucketSize.DAY);
    ScannerDetector scanners = new ScannerDetector();
    // source 1 sweeps 300 targets (a horizontal scan); sources 2..4 probe one each
    for (int i = 0; i < 300; i++) {
      Probe p = probe(DAY0.plusSeconds(i), 1, 1000 + i, 137);
      reach.accept(p);
      scanners.probe(p);
    }
    for (int s = 2; s <= 4; s++) {
      Probe p = probe(DAY0.plusSeconds(400 + s), s, 5000, 137);
      reach.accept(p);
      scanners.probe(p);
    }
    Alert counted = reach.counted(scanners, BucketSize.DAY).get(0);
    assertThat(counted.reach()).isEqualTo(new Reach(4, 301, 1));
    assertThat(counted.summary()).endsWith("; 1 of the sources (25%) is a scanner");
    assertThat(AlertJson.of(counted))
        .contains("\"sources\":4,\"targets\":301,\"scanners\":1,\"bucket_sums\":{");
  }

  @Test
  void withoutReachTheJsonSaysScannersAreNotCounted() {
    Alert a = alert(137, DAY0, DAY0);
    assertThat(AlertJson.of(a))
        .contains("\"records\":100,\"sources\":40,\"targets\":90,\"scanners\":null");
  }
}

package org.stormwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.detect.Detector;
import org.stormwatch.core.detect.FingerprintMix;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * The detection operator judges a bucket only once it holds that bucket's pooled mix: with the
 * rows' watermark past the bucket's final time but the mix channel's not, nothing is judged; the
 * mix, then the mix channel's watermark, and the bucket is judged with it. On 300 quiet ports (a
 * few sources a day, three common stacks) one port gets three sources with an IP length and TTL
 * band the background lacks: with the pooled mix they alert on their first day, judged with the
 * port's own cells alone they do not.
 */
class MixOrderTest {
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private static final int PORTS = 300;
  private static final int OUTBREAK_PORT = 40_000;
  private static final int ONSET = 35;
  private static final int[] LENGTHS = {44, 48, 60};
  private static final int[] TTLS = {50, 110, 120};

  @Test
  void judgesABucketOnlyWithItsMix_andThePooledMixCatchesTheFirstDay() throws Exception {
    JobSettings settings = JobSettings.defaults(BucketSize.DAY).withOrigin(START);
    Map<Long, Map<Integer, BucketCell>> cells = cells(new Random(3));
    long first = START.getEpochSecond() / 86_400;
    try (KeyedBroadcastOperatorTestHarness<Integer, BucketRow, MixCounts, AlertUpdate> h =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new Operators.Detect(settings),
            new Operators.RowKey(),
            Types.INT,
            Operators.Detect.MIX)) {
      PortHistory alone = new PortHistory();
      for (int day = 0; day <= ONSET; day++) {
        BucketCell c = cells.get(first + day).get(OUTBREAK_PORT);
        if (c != null) {
          h.processElement(
              c.row(), settings.finalAt(first + day) - settings.allowedLateness().toMillis());
          alone.put(c.row(), settings.bucket());
        }
      }
      h.processWatermark(settings.finalAt(first + ONSET) + 1);
      assertThat(h.extractOutputValues()).as("no bucket judged before its mix").isEmpty();

      for (int day = 0; day <= ONSET; day++) {
        Map<String, Long> pooled = new HashMap<>();
        for (BucketCell c : cells.get(first + day).values()) {
          FingerprintMix.quietPart(c.fingerprints().counts())
              .forEach((k, v) -> pooled.merge(k, v, Long::sum));
        }
        h.processBroadcastElement(
            new MixCounts(Protocol.TCP, first + day, pooled), settings.finalAt(first + day));
      }
      h.processBroadcastWatermark(settings.finalAt(first + ONSET) + 1);
      List<AlertUpdate> alerts = new ArrayList<>(h.extractOutputValues());
      assertThat(alerts).hasSize(1);
      assertThat(alerts.get(0).alert().detected()).isEqualTo(START.plusSeconds(ONSET * 86_400L));
      assertThat(
              alone.detect(
                  Detector.of(settings.method(), settings.detection()),
                  settings.bucket(),
                  settings.origin()))
          .as("with its own cells pooled only, the first day does not alert")
          .noneMatch(a -> a.detected().equals(START.plusSeconds(ONSET * 86_400L)));
    }
  }

  /** Per day index, per port: the cells of the quiet background and the outbreak's port. */
  private static Map<Long, Map<Integer, BucketCell>> cells(Random r) {
    Map<Long, Map<Integer, BucketCell>> out = new HashMap<>();
    int next = 1;
    for (int i = 0; i < PORTS; i++) {
      int port = 20_000 + i * 61;
      double mean = 0.1 + 1.9 * r.nextDouble() * r.nextDouble();
      for (int day = 0; day <= ONSET; day++) {
        long sources = Math.round(mean * 2 * r.nextDouble());
        for (int s = 0; s < sources; s++) {
          int stack = r.nextInt(3);
          probe(out, r, day, port, 0x40000000 + next++, LENGTHS[stack], TTLS[stack]);
        }
      }
    }
    probe(out, r, 0, OUTBREAK_PORT, 0x70000000, 48, 110);
    for (int s = 0; s < 3; s++) {
      probe(out, r, ONSET, OUTBREAK_PORT, 0x50000000 + s, 52, 240);
    }
    return out;
  }

  private static void probe(
      Map<Long, Map<Integer, BucketCell>> out,
      Random r,
      int day,
      int port,
      int src,
      int ipLength,
      int ttl) {
    long second = START.getEpochSecond() + day * 86_400L + r.nextInt(86_400);
    Probe p =
        new Probe(
            second * 1_000_000_000L,
            0,
            IpAddresses.v4Lo(src),
            1024 + r.nextInt(60_000),
            0,
            IpAddresses.v4Lo(0xc0a80000 | r.nextInt(65_536)),
            port,
            Protocol.TCP,
            0x02,
            ipLength,
            ttl,
            "",
            null);
    out.computeIfAbsent(second / 86_400, d -> new HashMap<>())
        .computeIfAbsent(port, k -> new BucketCell(BucketSize.DAY))
        .add(p);
  }
}

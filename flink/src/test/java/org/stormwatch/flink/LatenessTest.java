package org.stormwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * A late probe within the allowed lateness updates its bucket; a later one goes to the late sink.
 */
class LatenessTest {
  @RegisterExtension static final MiniClusterExtension FLINK = new MiniClusterExtension();

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void lateProbeWithinLatenessUpdatesRow_laterProbeGoesToLateSink() throws Exception {
    List<Probe> probes =
        List.of(
            probe("00:10", "10.0.0.1"),
            probe("01:20", "10.0.0.2"), // closes bucket 00:00
            probe("00:20", "10.0.0.3"), // late, within 30 minutes of lateness: updates 00:00
            probe("02:00", "10.0.0.4"), // bucket 00:00 is gone for good
            probe("00:30", "10.0.0.5")); // too late
    CollectingSink<PortActivity> rows = new CollectingSink<>("late-rows", Reference::rowKey);
    CollectingSink<AlertUpdate> alerts = new CollectingSink<>("late-alerts", AlertUpdate::key);
    CollectingSink<Probe> late = new CollectingSink<>("late-probes", Probe::sourceText);
    JobSettings settings =
        JobSettings.defaults(BucketSize.HOUR).withLateness(Duration.ZERO, Duration.ofMinutes(30));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    StormwatchJob.build(
        env.fromData(probes, Codecs.PROBE).assignTimestampsAndWatermarks(everyProbe()),
        settings,
        new StormwatchJob.Outputs(rows, alerts, late));
    env.execute("lateness");

    Map<String, Long> records = new TreeMap<>();
    rows.values().forEach((k, r) -> records.put(k, r.records()));
    assertThat(records)
        .containsExactly(
            Map.entry("2024-01-01T00:00:00Z 80/tcp", 2L),
            Map.entry("2024-01-01T01:00:00Z 80/tcp", 1L),
            Map.entry("2024-01-01T02:00:00Z 80/tcp", 1L));
    assertThat(rows.values().get("2024-01-01T00:00:00Z 80/tcp").sources()).isEqualTo(2);
    assertThat(late.values().keySet()).containsExactly("10.0.0.5");
  }

  private static Probe probe(String hhmm, String source) {
    Instant t = T0.plus(Duration.parse("PT" + hhmm.replace(":", "H") + "M"));
    return Probe.of(
        t.getEpochSecond() * 1_000_000_000L,
        IpAddresses.parse(source),
        40_000,
        IpAddresses.parse("172.16.0.1"),
        80,
        Protocol.TCP);
  }

  /** A watermark right behind every probe: which probe is late does not depend on timing. */
  private static WatermarkStrategy<Probe> everyProbe() {
    return WatermarkStrategy.<Probe>forGenerator(
            context ->
                new WatermarkGenerator<>() {
                  private long max = Long.MIN_VALUE;

                  @Override
                  public void onEvent(Probe p, long timestamp, WatermarkOutput out) {
                    max = Math.max(max, timestamp);
                    out.emitWatermark(new Watermark(max - 1));
                  }

                  @Override
                  public void onPeriodicEmit(WatermarkOutput out) {}
                })
        .withTimestampAssigner((p, previous) -> p.timeNanos() / 1_000_000L);
  }
}

package org.stormwatch.core.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.aggregate.PortActivityAggregator;
import org.stormwatch.core.capture.PacketBuilder;
import org.stormwatch.core.capture.PcapWriter;
import org.stormwatch.core.decode.LinkTypes;
import org.stormwatch.core.logs.DshieldLogWriter;
import org.stormwatch.core.logs.NetfilterLogWriter;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * A property over many seeds: the same probes written as a capture, as netfilter LOG lines (both
 * stamp styles) and as DShield lines give identical port reports, through the same entry point a
 * user's files take. TCP probes include the FIN, NULL and Xmas scans; UDP sources and targets are
 * disjoint so that no datagram answers another (logs of dropped packets have no replies).
 */
class CaptureLogEquivalenceTest {
  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.range(0, 100);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void captureNetfilterAndDshieldGiveTheSameReport(long seed) throws Exception {
    Random random = new Random(seed);
    List<Probe> probes = generate(random);
    BucketSize bucket = random.nextBoolean() ? BucketSize.DAY : BucketSize.HOUR;

    Path pcap = dir.resolve("p.pcap");
    try (OutputStream os = Files.newOutputStream(pcap);
        PcapWriter w = new PcapWriter(os, LinkTypes.ETHERNET)) {
      for (Probe p : probes) {
        w.write(p.timeNanos(), PacketBuilder.ethernet(p));
      }
    }
    Path rfc3339 = dir.resolve("rfc3339.log");
    try (Writer out = Files.newBufferedWriter(rfc3339, StandardCharsets.UTF_8)) {
      NetfilterLogWriter w =
          new NetfilterLogWriter(
              out, NetfilterLogWriter.Stamp.RFC3339, ZoneOffset.UTC, "fw", "DROP");
      for (Probe p : probes) {
        w.write(p);
      }
    }
    Path dshield = dir.resolve("dshield.log");
    try (Writer out = Files.newBufferedWriter(dshield, StandardCharsets.UTF_8)) {
      DshieldLogWriter w = new DshieldLogWriter(out, "0");
      for (Probe p : probes) {
        w.write(p);
      }
    }
    List<PortActivity> fromCapture = report(bucket, pcap, probes.size());
    assertThat(report(bucket, rfc3339, probes.size())).isEqualTo(fromCapture);
    assertThat(report(bucket, dshield, probes.size())).isEqualTo(fromCapture);
    assertThat(fromCapture.stream().mapToLong(PortActivity::records).sum())
        .isEqualTo(probes.size());
  }

  private static List<Probe> generate(Random random) {
    long start = Instant.parse("2002-09-26T00:00:00Z").getEpochSecond();
    int n = 10 + random.nextInt(300);
    int[] ports = {23, 137, 445, 1433, 6892, random.nextInt(65_536)};
    int[][] tcpFlags = {{0x02}, {0x02}, {0x01}, {0x00}, {0x29}, {0xc2}};
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long time = (start + random.nextInt(4 * 86_400)) * 1_000_000_000L;
      boolean v6 = random.nextInt(5) == 0;
      long[] src =
          v6
              ? new long[] {0x2001_0db8_0000_0000L, 1 + random.nextInt(20)}
              : new long[] {0, IpAddresses.v4Lo(0x0a000000 | random.nextInt(40))};
      long[] dst =
          v6
              ? new long[] {0x2001_0db8_ffff_0000L, 1 + random.nextInt(5)}
              : new long[] {0, IpAddresses.v4Lo(0xc0a80000 | random.nextInt(8))};
      Protocol protocol = Protocol.values()[random.nextInt(3)];
      int sport = 1024 + random.nextInt(64_000);
      int dport = ports[random.nextInt(ports.length)];
      int flags = Probe.UNKNOWN;
      if (protocol == Protocol.TCP) {
        flags = tcpFlags[random.nextInt(tcpFlags.length)][0];
      } else if (protocol == Protocol.ICMP) {
        sport = 0;
        dport = 8;
      }
      probes.add(
          new Probe(
              time,
              src[0],
              src[1],
              sport,
              dst[0],
              dst[1],
              dport,
              protocol,
              flags,
              Probe.UNKNOWN,
              30 + random.nextInt(200),
              "",
              null));
    }
    return probes;
  }

  private static List<PortActivity> report(BucketSize bucket, Path file, int expectedProbes)
      throws InputException, IOException {
    PortActivityAggregator aggregator = new PortActivityAggregator(bucket);
    ReadStats stats = new ReadStats();
    Inputs.read(file.toString(), InputOptions.defaults(), aggregator, stats);
    assertThat(stats.malformed().total()).as(file + ": " + stats.examples()).isZero();
    assertThat(stats.probes())
        .as(file.getFileName() + " probes; not probes: " + stats.notProbes())
        .isEqualTo(expectedProbes);
    return aggregator.rows();
  }
}

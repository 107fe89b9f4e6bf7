package org.stormwatch.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivityAggregator;
import org.stormwatch.core.capture.PacketBuilder;
import org.stormwatch.core.capture.PcapWriter;
import org.stormwatch.core.decode.LinkTypes;
import org.stormwatch.core.input.InputOptions;
import org.stormwatch.core.input.Inputs;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.testing.RealData;

/**
 * A capture handed to its sink as fields ({@link org.stormwatch.core.model.ProbeSink#acceptFields},
 * no Probe objects for a sink that counts by fields) gives the same probes as the same capture
 * handed over as Probe objects (a sensor name forces that path), and the aggregator counts the same
 * report and read summary either way: every real capture, and generated ones with IPv4 and IPv6,
 * TCP flags of every kind, UDP replies, NBNS and ICMP.
 */
class ProbeFieldsPathTest {
  @TempDir Path dir;

  static Stream<Path> captures() {
    return RealData.captures().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void realCapturesCountTheSameByFieldsAsByProbes(Path capture) throws Exception {
    assertSamePaths(capture);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void generatedCapturesCountTheSameByFieldsAsByProbes(long seed) throws Exception {
    Random random = new Random(seed);
    Path file = dir.resolve("mixed-" + seed + ".pcap");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter w = new PcapWriter(bytes, LinkTypes.ETHERNET)) {
      long time = 1_000_000_000_000_000_000L + random.nextInt(1_000_000) * 1_000_000_000L;
      for (int i = 0; i < 3_000; i++) {
        time += (long) random.nextInt(90) * 1_000_000_000L;
        boolean v6 = random.nextInt(5) == 0;
        long[] a = address(random, v6, 20);
        long[] b = address(random, v6, 8);
        int aPort = random.nextInt(4) == 0 ? 137 : random.nextInt(1 << 16);
        int bPort = random.nextInt(8);
        Protocol protocol = Protocol.values()[random.nextInt(3)];
        // Half the time the reverse direction, so that UDP replies and TCP answers occur.
        boolean reverse = random.nextBoolean();
        byte[] frame =
            reverse
                ? PacketBuilder.ethernet(
                    b[0],
                    b[1],
                    bPort,
                    a[0],
                    a[1],
                    aPort,
                    protocol,
                    random.nextInt(256),
                    64,
                    new byte[random.nextInt(60)])
                : PacketBuilder.ethernet(
                    a[0],
                    a[1],
                    aPort,
                    b[0],
                    b[1],
                    protocol == Protocol.ICMP ? 8 : bPort,
                    protocol,
                    random.nextInt(256),
                    64,
                    new byte[random.nextInt(60)]);
        w.write(time, frame);
      }
    }
    Files.write(file, bytes.toByteArray());
    assertThat(assertSamePaths(file)).as("probes read").isPositive();
  }

  static Stream<Long> seeds() {
    return Stream.iterate(0L, s -> s + 1).limit(20);
  }

  private static long[] address(Random random, boolean v6, int bits) {
    if (v6) {
      return new long[] {0x2001_0db8_0000_0000L, random.nextInt(1 << bits)};
    }
    return new long[] {0, IpAddresses.v4Lo(0x0a00_0000 + random.nextInt(1 << bits))};
  }

  /** Returns the probes read. */
  private static long assertSamePaths(Path capture) throws Exception {
    long probes = 0;
    for (BucketSize bucket : BucketSize.values()) {
      PortActivityAggregator byFields = new PortActivityAggregator(bucket);
      ReadStats fieldStats = new ReadStats();
      Inputs.read(capture.toString(), InputOptions.defaults(), byFields, fieldStats);
      PortActivityAggregator byProbes = new PortActivityAggregator(bucket);
      ReadStats probeStats = new ReadStats();
      Inputs.read(capture.toString(), InputOptions.defaults(), byProbes::accept, probeStats);
      assertThat(byFields.rows()).isEqualTo(byProbes.rows());
      assertThat(fieldStats.probes()).isEqualTo(probeStats.probes());
      assertThat(fieldStats.notProbes().asMap()).isEqualTo(probeStats.notProbes().asMap());
      assertThat(fieldStats.malformed().asMap()).isEqualTo(probeStats.malformed().asMap());
      probes = fieldStats.probes();
    }
    List<Probe> byFields = new ArrayList<>();
    Inputs.read(capture.toString(), InputOptions.defaults(), byFields::add, new ReadStats());
    List<Probe> byObjects = new ArrayList<>();
    Inputs.read(
        capture.toString(),
        new InputOptions("sensor-1"),
        p -> byObjects.add(p.withSensor("")),
        new ReadStats());
    assertThat(byFields).hasSize((int) probes).isEqualTo(byObjects);
    return probes;
  }
}

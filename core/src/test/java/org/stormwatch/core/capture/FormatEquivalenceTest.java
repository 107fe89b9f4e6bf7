package org.stormwatch.core.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.aggregate.PortActivityAggregator;
import org.stormwatch.core.decode.LinkTypes;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.InputOptions;
import org.stormwatch.core.input.Inputs;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Protocol;

/**
 * A property over many seeds: the same packets written as pcap (both byte orders, micro- and
 * nanoseconds), as pcapng (two sections in different byte orders, interfaces of different
 * resolutions), gzip-compressed, and split across files give the same port report, and that report
 * equals a naive model of the documented probe definition.
 */
class FormatEquivalenceTest {
  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.range(0, 150);
  }

  /** One generated packet: its time (whole microseconds) and its frame. */
  record Packet(long timeNanos, Sent sent, byte[] frame) {}

  /** What was sent, for the reference model. */
  record Sent(
      long srcLo,
      long srcHi,
      int srcPort,
      long dstLo,
      long dstHi,
      int dstPort,
      Protocol protocol,
      int flagsOrType) {}

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyEncodingGivesTheReportOfTheModel(long seed) throws Exception {
    List<Packet> packets = generate(new Random(seed));
    BucketSize bucket = seed % 2 == 0 ? BucketSize.DAY : BucketSize.HOUR;
    List<PortActivity> expected = model(packets, bucket);

    assertThat(
            report(
                bucket,
                packets.size(),
                write("le-us.pcap", out -> pcap(out, packets, ByteOrder.LITTLE_ENDIAN, false))))
        .isEqualTo(expected);
    assertThat(
            report(
                bucket,
                packets.size(),
                write("be-ns.pcap", out -> pcap(out, packets, ByteOrder.BIG_ENDIAN, true))))
        .isEqualTo(expected);
    assertThat(
            report(
                bucket, packets.size(), write("two-sections.pcapng", out -> pcapng(out, packets))))
        .isEqualTo(expected);
    assertThat(
            report(
                bucket,
                packets.size(),
                write(
                    "gz.pcapng.gz",
                    out -> {
                      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                        pcapng(gz, packets);
                      }
                    })))
        .isEqualTo(expected);

    int cut1 = packets.size() / 3;
    int cut2 = 2 * packets.size() / 3;
    Path a =
        write(
            "part1.pcap",
            out -> pcap(out, packets.subList(0, cut1), ByteOrder.LITTLE_ENDIAN, false));
    Path b = write("part2.pcapng", out -> pcapng(out, packets.subList(cut1, cut2)));
    Path c =
        write(
            "part3.pcap",
            out -> pcap(out, packets.subList(cut2, packets.size()), ByteOrder.BIG_ENDIAN, true));
    assertThat(report(bucket, packets.size(), a, b, c)).isEqualTo(expected);
  }

  private static List<Packet> generate(Random random) {
    long[][] v4 = new long[6][];
    long[][] v6 = new long[4][];
    for (int i = 0; i < v4.length; i++) {
      v4[i] = new long[] {0, IpAddresses.v4Lo(random.nextInt())};
    }
    for (int i = 0; i < v6.length; i++) {
      v6[i] = new long[] {random.nextLong(), random.nextLong()};
    }
    int[] ports = {22, 53, 137, 445, 40000 + random.nextInt(25000)};
    long time =
        Instant.parse("2002-09-27T20:00:00Z").getEpochSecond() * 1_000_000L
            + random.nextInt(1_000_000);
    int n = 20 + random.nextInt(400);
    List<Packet> packets = new ArrayList<>();
    List<Sent> udp = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Mostly forward in time, sometimes far (new buckets), sometimes backwards (merged files).
      int step = random.nextInt(10);
      time +=
          step < 7
              ? random.nextInt(30_000_000)
              : step < 9 ? random.nextInt(200_000_000) : -random.nextInt(150_000_000);
      long[][] pool = random.nextInt(4) == 0 ? v6 : v4;
      long[] src = pool[random.nextInt(pool.length)];
      long[] dst = pool[random.nextInt(pool.length)];
      int sport =
          random.nextBoolean()
              ? ports[random.nextInt(ports.length)]
              : 1024 + random.nextInt(64_000);
      int dport = ports[random.nextInt(ports.length)];
      Protocol protocol = Protocol.values()[random.nextInt(3)];
      if (protocol == Protocol.UDP && !udp.isEmpty() && random.nextInt(3) == 0) {
        // An answer (or a late one) to an earlier datagram: the reverse pair.
        Sent earlier = udp.get(random.nextInt(udp.size()));
        src = new long[] {earlier.dstHi(), earlier.dstLo()};
        dst = new long[] {earlier.srcHi(), earlier.srcLo()};
        sport = earlier.dstPort();
        dport = earlier.srcPort();
      }
      int flagsOrType;
      if (protocol == Protocol.TCP) {
        int[] flags = {0x02, 0x12, 0x10, 0x04, 0x02 | 0x08, 0x01 | 0x08 | 0x20};
        flagsOrType = flags[random.nextInt(flags.length)];
      } else if (protocol == Protocol.ICMP) {
        flagsOrType = random.nextBoolean() ? 8 : 0;
        sport = 0;
        dport = flagsOrType;
      } else {
        flagsOrType = 0;
      }
      byte[] frame =
          PacketBuilder.ethernet(
              src[0],
              src[1],
              sport,
              dst[0],
              dst[1],
              dport,
              protocol,
              flagsOrType,
              1 + random.nextInt(255),
              new byte[random.nextInt(20)]);
      if (protocol == Protocol.UDP) {
        udp.add(new Sent(src[1], src[0], sport, dst[1], dst[0], dport, protocol, 0));
      }
      packets.add(
          new Packet(
              time * 1000L,
              new Sent(src[1], src[0], sport, dst[1], dst[0], dport, protocol, flagsOrType),
              frame));
    }
    return packets;
  }

  /** The documented probe definition, written plainly. */
  private static List<PortActivity> model(List<Packet> packets, BucketSize bucket) {
    Map<List<Object>, Long> lastSeen = new HashMap<>();
    long newest = Long.MIN_VALUE;
    Map<List<Object>, long[]> records = new HashMap<>();
    Map<List<Object>, Set<List<Long>>> sources = new HashMap<>();
    Map<List<Object>, Set<List<Long>>> targets = new HashMap<>();
    for (Packet p : packets) {
      Sent s = p.sent;
      long t = p.timeNanos;
      int port;
      switch (s.protocol()) {
        case TCP:
          if ((s.flagsOrType() & 0x10) != 0 || (s.flagsOrType() & 0x04) != 0) {
            continue;
          }
          port = s.dstPort();
          break;
        case UDP:
          newest = Math.max(newest, t);
          Long seen =
              lastSeen.get(
                  List.of(s.dstHi(), s.dstLo(), s.dstPort(), s.srcHi(), s.srcLo(), s.srcPort()));
          lastSeen.put(
              List.of(s.srcHi(), s.srcLo(), s.srcPort(), s.dstHi(), s.dstLo(), s.dstPort()), t);
          if (seen != null && t - seen <= 120_000_000_000L && newest - seen <= 120_000_000_000L) {
            continue;
          }
          port = s.dstPort();
          break;
        default:
          if (s.flagsOrType() != 8) {
            continue;
          }
          port = 8;
      }
      List<Object> key = List.of(Instant.ofEpochSecond(bucket.startOf(t)), port, s.protocol());
      records.computeIfAbsent(key, k -> new long[1])[0]++;
      sources.computeIfAbsent(key, k -> new HashSet<>()).add(List.of(s.srcHi(), s.srcLo()));
      targets.computeIfAbsent(key, k -> new HashSet<>()).add(List.of(s.dstHi(), s.dstLo()));
    }
    List<PortActivity> rows = new ArrayList<>();
    records.forEach(
        (key, n) ->
            rows.add(
                new PortActivity(
                    (Instant) key.get(0),
                    (Integer) key.get(1),
                    (Protocol) key.get(2),
                    n[0],
                    sources.get(key).size(),
                    targets.get(key).size())));
    rows.sort(
        Comparator.comparing(PortActivity::start)
            .thenComparing(Comparator.comparingLong(PortActivity::records).reversed())
            .thenComparingInt(PortActivity::port)
            .thenComparing(PortActivity::protocol));
    return rows;
  }

  private List<PortActivity> report(BucketSize bucket, int packetCount, Path... files)
      throws InputException {
    PortActivityAggregator aggregator = new PortActivityAggregator(bucket);
    ReadStats stats = new ReadStats();
    Inputs inputs = new Inputs(InputOptions.defaults());
    for (Path f : files) {
      inputs.read(f.toString(), aggregator, stats);
    }
    assertThat(stats.units()).isEqualTo(packetCount);
    assertThat(stats.malformed().total()).isZero();
    return aggregator.rows();
  }

  interface Body {
    void write(OutputStream out) throws IOException;
  }

  private Path write(String name, Body body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    body.write(bytes);
    Path file = dir.resolve(name);
    Files.write(file, bytes.toByteArray());
    return file;
  }

  private static void pcap(OutputStream out, List<Packet> packets, ByteOrder order, boolean nanos)
      throws IOException {
    try (PcapWriter w = new PcapWriter(nonClosing(out), LinkTypes.ETHERNET, order, nanos, 65_535)) {
      for (Packet p : packets) {
        w.write(p.timeNanos, p.frame);
      }
    }
  }

  private static void pcapng(OutputStream out, List<Packet> packets) throws IOException {
    try (PcapngWriter w = new PcapngWriter(nonClosing(out), ByteOrder.LITTLE_ENDIAN)) {
      int half = packets.size() / 2;
      int micro = w.addInterface(LinkTypes.ETHERNET, 6);
      int nano = w.addInterface(LinkTypes.ETHERNET, 9);
      for (int i = 0; i < half; i++) {
        Packet p = packets.get(i);
        w.write(i % 2 == 0 ? micro : nano, p.timeNanos, p.frame, 0, p.frame.length, p.frame.length);
      }
      w.section(ByteOrder.BIG_ENDIAN);
      int binary = w.addInterface(LinkTypes.ETHERNET, 0x80 | 20);
      int nano2 = w.addInterface(LinkTypes.ETHERNET, 9);
      for (int i = half; i < packets.size(); i++) {
        Packet p = packets.get(i);
        // 2^-20 s units hold whole microseconds exactly only when rounding up; use nanoseconds for
        // odd ones.
        w.write(
            p.timeNanos % 1_000_000_000L == 0 ? binary : nano2,
            p.timeNanos,
            p.frame,
            0,
            p.frame.length,
            p.frame.length);
      }
    }
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}

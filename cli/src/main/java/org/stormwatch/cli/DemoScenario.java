package org.stormwatch.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Random;
import org.stormwatch.core.capture.CaptureWriter;
import org.stormwatch.core.capture.PacketBuilder;
import org.stormwatch.core.capture.PcapWriter;
import org.stormwatch.core.decode.LinkTypes;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.nbns.NbnsQueries;

/**
 * A small, seeded sample capture for the demo: ten days of background scanning on common ports
 * (with answers that are not probes), then, from 2002-09-28, a growing wave of forged NetBIOS name
 * lookups on 137/udp (broadcast bit set, source port 1025 and up, wildcard node-status query) from
 * many new sources, as the Internet Storm Center saw it.
 */
final class DemoScenario {
  static final Instant START = Instant.parse("2002-09-20T00:00:00Z");
  static final int DAYS = 10;
  static final Instant ONSET = Instant.parse("2002-09-28T00:00:00Z");

  private static final int[][] BACKGROUND_TCP = {
    {80, 120}, {445, 90}, {135, 70}, {22, 40}, {23, 30}, {1433, 25}, {139, 20}, {3389, 10}
  };

  private final Random random;

  DemoScenario(long seed) {
    this.random = new Random(seed);
  }

  /** Writes the capture; returns the number of packets written. */
  long write(OutputStream out) throws IOException {
    long packets = 0;
    try (CaptureWriter writer = new PcapWriter(out, LinkTypes.ETHERNET)) {
      for (int day = 0; day < DAYS; day++) {
        long dayStart = START.getEpochSecond() + day * 86_400L;
        for (int[] portAndRate : BACKGROUND_TCP) {
          int n = portAndRate[1] / 2 + random.nextInt(portAndRate[1]);
          for (int i = 0; i < n; i++) {
            packets += tcpProbe(writer, dayStart, portAndRate[0]);
          }
        }
        // A few legitimate name queries: from port 137, no broadcast bit, answered.
        for (int i = 0; i < 3 + random.nextInt(4); i++) {
          packets += lookup(writer, dayStart, 137, false, true);
        }
        long secondsIn = Math.max(0, dayStart - ONSET.getEpochSecond());
        if (dayStart >= ONSET.getEpochSecond()) {
          int wave = (int) (400 * Math.pow(3, secondsIn / 86_400.0));
          for (int i = 0; i < wave; i++) {
            packets += lookup(writer, dayStart, 1025 + random.nextInt(4000), true, false);
          }
        }
      }
    }
    return packets;
  }

  private long tcpProbe(CaptureWriter writer, long dayStart, int port) throws IOException {
    long time = time(dayStart);
    long src = IpAddresses.v4Lo(0x3c000000 | random.nextInt(1 << 14));
    long dst = IpAddresses.v4Lo(0xc0a80000 | random.nextInt(256));
    int sport = 1024 + random.nextInt(60_000);
    writer.write(
        time,
        PacketBuilder.ethernet(
            0, src, sport, 0, dst, port, Protocol.TCP, 0x02, 48 + random.nextInt(80), new byte[0]));
    if (port == 80 && random.nextInt(4) == 0) {
      // The web server answers some: a SYN-ACK, which is no probe.
      writer.write(
          time + 1_000_000,
          PacketBuilder.ethernet(0, dst, port, 0, src, sport, Protocol.TCP, 0x12, 64, new byte[0]));
      return 2;
    }
    return 1;
  }

  private long lookup(
      CaptureWriter writer, long dayStart, int sport, boolean forged, boolean answered)
      throws IOException {
    long time = time(dayStart);
    long src =
        IpAddresses.v4Lo(forged ? random.nextInt() | 0x01000000 : 0x0a000000 | random.nextInt(64));
    long dst = IpAddresses.v4Lo(0xc0a80000 | random.nextInt(256));
    int id = random.nextInt(65_536);
    writer.write(
        time,
        PacketBuilder.ethernet(
            0,
            src,
            sport,
            0,
            dst,
            137,
            Protocol.UDP,
            0,
            113,
            NbnsQueries.wildcardNodeStatus(id, forged)));
    if (answered) {
      writer.write(
          time + 2_000_000,
          PacketBuilder.ethernet(
              0,
              dst,
              137,
              0,
              src,
              sport,
              Protocol.UDP,
              0,
              128,
              new byte[] {(byte) (id >> 8), (byte) id, (byte) 0x84, 0}));
      return 2;
    }
    return 1;
  }

  private long time(long dayStart) {
    return (dayStart * 1_000_000L + (long) (random.nextDouble() * 86_400_000_000L)) * 1000L;
  }
}

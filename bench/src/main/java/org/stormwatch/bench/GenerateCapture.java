package org.stormwatch.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.stormwatch.core.capture.CaptureWriter;
import org.stormwatch.core.capture.PacketBuilder;
import org.stormwatch.core.capture.PcapWriter;
import org.stormwatch.core.capture.PcapngWriter;
import org.stormwatch.core.decode.LinkTypes;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Protocol;

/**
 * Writes a benchmark capture: {@code PACKETS} Ethernet frames over a week, 60% TCP SYNs, 10%
 * SYN-ACK answers, 25% UDP (a fifth of them answered), 5% ICMP. Sources follow a Zipf law over a
 * hundred thousand addresses (heavy scanners send most probes, as on the Internet), ports a
 * half-normal spread over 2,000 ports led by the usual suspects, targets are uniform over 4,096.
 *
 * <p>Usage: {@code GenerateCapture FILE PACKETS [pcap|pcapng] [SEED]}
 */
public final class GenerateCapture {
  private GenerateCapture() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: GenerateCapture FILE PACKETS [pcap|pcapng] [SEED]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    long count = Long.parseLong(args[1]);
    boolean pcapng = args.length > 2 && args[2].equals("pcapng");
    Random random = new Random(args.length > 3 ? Long.parseLong(args[3]) : 1);
    int[] ports = new int[2000];
    for (int i = 0; i < ports.length; i++) {
      ports[i] =
          i < 20
              ? new int[] {
                    23, 445, 22, 80, 1433, 3389, 8080, 139, 135, 5060, 443, 25, 53, 137, 161, 123,
                    1900, 5353, 6881, 8443
                  }
                  [i]
              : 1 + random.nextInt(65_535);
    }
    double[] sourceWeights = zipfCumulative(100_000);
    long start = Instant.parse("2002-09-22T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    long step = 7L * 86_400 * 1_000_000_000L / count;
    try (OutputStream os = Files.newOutputStream(file);
        CaptureWriter w =
            pcapng
                ? new PcapngWriter(os, LinkTypes.ETHERNET)
                : new PcapWriter(os, LinkTypes.ETHERNET)) {
      long time = start;
      for (long i = 0; i < count; i++) {
        time += step;
        long src = IpAddresses.v4Lo(0x0a000000 + zipf(sourceWeights, random));
        long dst = IpAddresses.v4Lo(0xc0a80000 + random.nextInt(4096));
        int port = ports[(int) Math.min(ports.length - 1, Math.abs(random.nextGaussian()) * 150)];
        int sport = 1024 + random.nextInt(64_000);
        int kind = random.nextInt(100);
        byte[] frame;
        if (kind < 60) {
          frame =
              PacketBuilder.ethernet(
                  0,
                  src,
                  sport,
                  0,
                  dst,
                  port,
                  Protocol.TCP,
                  0x02,
                  40 + random.nextInt(90),
                  new byte[0]);
        } else if (kind < 70) {
          frame =
              PacketBuilder.ethernet(
                  0, dst, port, 0, src, sport, Protocol.TCP, 0x12, 64, new byte[0]);
        } else if (kind < 95) {
          boolean answer = kind >= 90;
          frame =
              answer
                  ? PacketBuilder.ethernet(
                      0, dst, port, 0, src, sport, Protocol.UDP, 0, 64, new byte[32])
                  : PacketBuilder.ethernet(
                      0, src, sport, 0, dst, port, Protocol.UDP, 0, 100, new byte[32]);
        } else {
          frame = PacketBuilder.ethernet(0, src, 0, 0, dst, 8, Protocol.ICMP, 0, 50, new byte[24]);
        }
        w.write(time, frame);
      }
    }
    System.err.printf("wrote %s: %,d packets, %,d bytes%n", file, count, Files.size(file));
  }

  /** Cumulative Zipf(1) weights of ranks 1..n, normalised to 1. */
  static double[] zipfCumulative(int n) {
    double[] c = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1.0 / (i + 1);
      c[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      c[i] /= sum;
    }
    return c;
  }

  /** A rank drawn from cumulative weights, 0-based. */
  static int zipf(double[] cumulative, Random random) {
    int i = java.util.Arrays.binarySearch(cumulative, random.nextDouble());
    return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
  }
}

package org.stormwatch.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.stormwatch.core.logs.NetfilterLogWriter;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * Writes a netfilter LOG file for the end-to-end benchmark: classic syslog stamps, one line per
 * probe, a mix of TCP SYN (70%), UDP (25%, with the double LEN) and ICMP echo (5%) from random
 * sources to a /24, starting 2013-03-01 at about 1000 lines a second. Deterministic (fixed seed).
 *
 * <p>Usage: {@code GenerateNetfilterLog FILE [LINES]} (default 1,000,000 lines).
 */
public final class GenerateNetfilterLog {
  private GenerateNetfilterLog() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: GenerateNetfilterLog FILE [LINES]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    long lines = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
    SplittableRandom rnd = new SplittableRandom(20020928L);
    long t = 1_362_096_000L * 1_000_000_000L;
    int[] popular = {22, 23, 80, 137, 139, 443, 445, 1433, 3389, 8080};
    try (BufferedWriter w =
        new BufferedWriter(
            new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.US_ASCII),
            1 << 20)) {
      NetfilterLogWriter out =
          new NetfilterLogWriter(w, NetfilterLogWriter.Stamp.CLASSIC, ZoneOffset.UTC, "gw", "DROP");
      for (long i = 0; i < lines; i++) {
        t += rnd.nextLong(2_000_000L);
        int src = rnd.nextInt();
        int dst = 0xc0000200 | rnd.nextInt(256);
        int kind = rnd.nextInt(100);
        int dport = rnd.nextInt(4) == 0 ? rnd.nextInt(65536) : popular[rnd.nextInt(10)];
        int sport = 1024 + rnd.nextInt(64512);
        Probe p;
        if (kind < 70) {
          p =
              new Probe(
                  t,
                  0,
                  IpAddresses.v4Lo(src),
                  sport,
                  0,
                  IpAddresses.v4Lo(dst),
                  dport,
                  Protocol.TCP,
                  0x02,
                  44,
                  32 + rnd.nextInt(96),
                  "",
                  null);
        } else if (kind < 95) {
          p =
              new Probe(
                  t,
                  0,
                  IpAddresses.v4Lo(src),
                  sport,
                  0,
                  IpAddresses.v4Lo(dst),
                  dport,
                  Protocol.UDP,
                  -1,
                  28 + rnd.nextInt(60),
                  32 + rnd.nextInt(96),
                  "",
                  null);
        } else {
          p =
              new Probe(
                  t,
                  0,
                  IpAddresses.v4Lo(src),
                  0,
                  0,
                  IpAddresses.v4Lo(dst),
                  8,
                  Protocol.ICMP,
                  -1,
                  84,
                  32 + rnd.nextInt(96),
                  "",
                  null);
        }
        out.write(p);
      }
    }
  }
}

package org.stormwatch.core.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.stormwatch.core.model.Protocol;

/**
 * The named scenarios and the random one. Numbers at scale 1, chosen to look like a DShield
 * contributor's /16 of the 2000s: 200,000 background probes a day over 200 busy ports (Zipf 1: the
 * top port, 445/tcp, takes about 17%), 30,000 background sources (Zipf 0.8), 20 heavy-hitter scan
 * sessions a day, 20 quiet ports at one probe a week, a few legitimate NBNS lookups a day.
 */
final class Presets {
  static final List<String> NAMES =
      List.of("port137-2002", "quiet-port", "busy-port", "background", "random");

  /** The ports that lead Internet scanning, by rough rank (DShield's lists of the 2000s). */
  private static final ServicePort[] WELL_KNOWN = {
    ServicePort.tcp(445), ServicePort.tcp(80), ServicePort.tcp(135), ServicePort.tcp(139),
    ServicePort.tcp(1433), ServicePort.udp(1434), ServicePort.tcp(22), ServicePort.tcp(23),
    ServicePort.tcp(3389), ServicePort.tcp(8080), ServicePort.udp(1026), ServicePort.tcp(443),
    ServicePort.tcp(21), ServicePort.tcp(25), ServicePort.tcp(1080), ServicePort.tcp(3128),
    ServicePort.udp(53), ServicePort.tcp(4899), ServicePort.tcp(5000), ServicePort.tcp(6129),
    ServicePort.udp(161), ServicePort.tcp(110), ServicePort.tcp(3306), ServicePort.tcp(5900),
    ServicePort.udp(1027), ServicePort.tcp(8000), ServicePort.tcp(81), ServicePort.tcp(2967),
    ServicePort.tcp(1025), ServicePort.tcp(5554), ServicePort.tcp(9898), ServicePort.tcp(2745),
    ServicePort.tcp(3127), ServicePort.tcp(6667), ServicePort.udp(500), ServicePort.udp(123),
    ServicePort.tcp(12345), ServicePort.tcp(27374), ServicePort.udp(1900), ServicePort.udp(5060),
    ServicePort.tcp(10000), ServicePort.tcp(111), ServicePort.tcp(143), ServicePort.udp(69)
  };

  private static final ServicePort NBNS = ServicePort.udp(137);
  private static final int SENSOR_16 = 0xac10_0000; // 172.16.0.0/16
  private static final Instant MONDAY_2024 = Instant.parse("2024-01-01T00:00:00Z");

  private Presets() {}

  static Scenario of(String name, long seed, double scale) {
    if (!(scale > 0) || scale > 1e6) {
      throw new IllegalArgumentException("scale must be in (0, 1e6], not " + scale);
    }
    SplittableRandom r = new SplittableRandom(seed ^ 0x5ce9_a410L);
    switch (name) {
      case "port137-2002":
        {
          Background b = standard(r, scale, 0xac10_0000, 14);
          Outbreak forged =
              new Outbreak(
                  137,
                  Protocol.UDP,
                  Instant.parse("2002-09-28T00:00:00Z"),
                  Growth.LOGISTIC,
                  2.5,
                  40_000 * scale,
                  4,
                  new Fingerprint.NbnsForgedLookup());
          return new Scenario(
              name, seed, scale, Instant.parse("2002-08-25T00:00:00Z"), 42, b, List.of(forged));
        }
      case "quiet-port":
        {
          Background b = standard(r, scale, SENSOR_16, 16);
          Outbreak o =
              new Outbreak(
                  b.quietPorts().get(0).port(),
                  Protocol.TCP,
                  MONDAY_2024.plusSeconds(28 * 86_400L + 9 * 3600),
                  Growth.EXPONENTIAL,
                  1.0,
                  2_000 * scale,
                  3,
                  new Fingerprint.TcpSyn(110, 118, 48, 64_240));
          return new Scenario(name, seed, scale, MONDAY_2024, 42, b, List.of(o));
        }
      case "busy-port":
        {
          Background b = standard(r, scale, SENSOR_16, 16);
          Outbreak o =
              new Outbreak(
                  445,
                  Protocol.TCP,
                  MONDAY_2024.plusSeconds(28 * 86_400L + 15 * 3600),
                  Growth.LOGISTIC,
                  1.5,
                  5_000 * scale,
                  3,
                  new Fingerprint.TcpSyn(100, 115, 48, 65_535));
          return new Scenario(name, seed, scale, MONDAY_2024, 42, b, List.of(o));
        }
      case "background":
        return new Scenario(
            name, seed, scale, MONDAY_2024, 42, standard(r, scale, SENSOR_16, 16), List.of());
      case "random":
        return random(seed, scale);
      default:
        throw new IllegalArgumentException(
            "unknown preset '" + name + "' (expected one of " + String.join(", ", NAMES) + ")");
    }
  }

  private static Background standard(
      SplittableRandom r, double scale, int sensorNetwork, int prefix) {
    List<ServicePort> busy = busyPorts(r, 200);
    return new Background(
        sensorNetwork,
        prefix,
        200_000 * scale,
        busy,
        1.0,
        quietPorts(r, 20, busy, true),
        1.0,
        atLeast(30_000 * scale, 50),
        0.8,
        0.5,
        15,
        0.8,
        20 * scale,
        50,
        3);
  }

  static Scenario random(long seed, double scale) {
    if (!(scale > 0) || scale > 1e6) {
      throw new IllegalArgumentException("scale must be in (0, 1e6], not " + scale);
    }
    SplittableRandom r = new SplittableRandom(seed ^ 0x7a3d_0c11L);
    Instant start = Instant.ofEpochSecond((10_957L + r.nextInt(9_000)) * 86_400L); // from 2000
    int days = 28 + r.nextInt(29);
    int prefix = 16 + r.nextInt(9);
    int[] firstBytes = {10, 172, 192, 198};
    int first = firstBytes[r.nextInt(firstBytes.length)];
    int network = (first << 24) | (r.nextInt(1 << 16) << 8);
    network &= -1 << (32 - prefix);
    List<ServicePort> busy = busyPorts(r, 50 + r.nextInt(251));
    List<ServicePort> quiet = quietPorts(r, 10 + r.nextInt(21), busy, r.nextBoolean());
    Background b =
        new Background(
            network,
            prefix,
            200_000 * scale * logUniform(r, 0.3, 3),
            busy,
            0.8 + 0.5 * r.nextDouble(),
            quiet,
            0.5 + 1.5 * r.nextDouble(),
            atLeast(30_000 * scale * logUniform(r, 0.3, 3), 50),
            0.6 + 0.5 * r.nextDouble(),
            0.2 + 0.5 * r.nextDouble(),
            r.nextInt(24),
            0.5 + 0.7 * r.nextDouble(),
            20 * scale * logUniform(r, 0.3, 3),
            10 + r.nextInt(91),
            r.nextInt(11));
    int draw = r.nextInt(10);
    int count = draw == 0 ? 0 : draw == 9 ? 2 : 1;
    List<Outbreak> outbreaks = new ArrayList<>();
    Set<ServicePort> used = new LinkedHashSet<>();
    while (outbreaks.size() < count) {
      Outbreak o = randomOutbreak(r, scale, start, days, busy, quiet);
      if (used.add(o.servicePort())) {
        outbreaks.add(o);
      }
    }
    return new Scenario("random", seed, scale, start, days, b, outbreaks);
  }

  private static Outbreak randomOutbreak(
      SplittableRandom r,
      double scale,
      Instant start,
      int days,
      List<ServicePort> busy,
      List<ServicePort> quiet) {
    ServicePort port;
    int where = r.nextInt(10);
    if (where == 0) {
      port = NBNS;
    } else if (where <= 3) {
      port = busy.get(r.nextInt(Math.min(30, busy.size())));
    } else if (where <= 6 && !quiet.isEmpty()) {
      port = quiet.get(r.nextInt(quiet.size()));
    } else {
      port = unseenPort(r, busy, quiet);
    }
    Growth growth = Growth.values()[r.nextInt(Growth.values().length)];
    double rate;
    switch (growth) {
      case LOGISTIC:
        rate = 0.5 + 3.5 * r.nextDouble();
        break;
      case EXPONENTIAL:
        rate = 0.5 + 2.5 * r.nextDouble();
        break;
      case LINEAR:
        rate = 0.05 + 0.95 * r.nextDouble();
        break;
      default:
        rate = 1;
        break;
    }
    int onsetDay = 14 + r.nextInt(Math.max(1, days - 17));
    Instant onset = start.plusSeconds(onsetDay * 86_400L + r.nextInt(86_400));
    Fingerprint fingerprint;
    if (port.equals(NBNS)) {
      fingerprint = new Fingerprint.NbnsForgedLookup();
    } else {
      int[] bases = {64, 128, 255};
      int base = bases[r.nextInt(bases.length)];
      int width = 5 + r.nextInt(16);
      int low = Math.max(1, base - 10 - width - r.nextInt(10));
      int high = Math.min(255, low + width);
      if (port.protocol() == Protocol.TCP) {
        int[] windows = {1024, 8192, 16_384, 64_240, 65_535, r.nextInt(65_536)};
        fingerprint =
            new Fingerprint.TcpSyn(
                low, high, 40 + 4 * r.nextInt(6), windows[r.nextInt(windows.length)]);
      } else {
        fingerprint = new Fingerprint.UdpDatagram(low, high, r.nextInt(601));
      }
    }
    return new Outbreak(
        port.port(),
        port.protocol(),
        onset,
        growth,
        rate,
        Math.max(3, logUniform(r, 200, 20_000) * scale),
        1 + r.nextInt(8),
        fingerprint);
  }

  /** The well-known ports first, then random ones (80% TCP) up to {@code n}; never 137/udp. */
  private static List<ServicePort> busyPorts(SplittableRandom r, int n) {
    Set<ServicePort> ports = new LinkedHashSet<>();
    for (int i = 0; i < WELL_KNOWN.length && ports.size() < n; i++) {
      ports.add(WELL_KNOWN[i]);
    }
    while (ports.size() < n) {
      ServicePort p = randomPort(r, 1, 65_535, r.nextInt(5) != 0);
      if (!p.equals(NBNS)) {
        ports.add(p);
      }
    }
    return List.copyOf(ports);
  }

  /** {@code n} ports above 10,000 that are not busy, alternately TCP and UDP. */
  private static List<ServicePort> quietPorts(
      SplittableRandom r, int n, List<ServicePort> busy, boolean tcpFirst) {
    Set<ServicePort> ports = new LinkedHashSet<>();
    while (ports.size() < n) {
      boolean tcp = (ports.size() % 2 == 0) == tcpFirst;
      ServicePort p = randomPort(r, 10_000, 60_000, tcp);
      if (!busy.contains(p)) {
        ports.add(p);
      }
    }
    return List.copyOf(ports);
  }

  private static ServicePort unseenPort(
      SplittableRandom r, List<ServicePort> busy, List<ServicePort> quiet) {
    while (true) {
      ServicePort p = randomPort(r, 1, 65_535, r.nextInt(5) < 3);
      if (!busy.contains(p) && !quiet.contains(p) && !p.equals(NBNS)) {
        return p;
      }
    }
  }

  private static ServicePort randomPort(SplittableRandom r, int low, int high, boolean tcp) {
    return new ServicePort(low + r.nextInt(high - low + 1), tcp ? Protocol.TCP : Protocol.UDP);
  }

  private static double logUniform(SplittableRandom r, double low, double high) {
    return low * Math.exp(r.nextDouble() * Math.log(high / low));
  }

  private static int atLeast(double value, int min) {
    return (int) Math.max(min, Math.min(10_000_000, Math.round(value)));
  }
}

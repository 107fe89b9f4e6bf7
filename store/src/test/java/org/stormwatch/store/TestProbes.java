package org.stormwatch.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.nbns.NbnsFeatures;
import org.stormwatch.core.sim.Scenario;
import org.stormwatch.core.sim.ScenarioGenerator;

/** Probes for store tests: simulated scenarios and seeded random ones. */
final class TestProbes {
  static final Instant START = Instant.parse("2002-09-20T00:00:00Z");

  // Few enough values that feature histograms stay below FeatureCounts.MAX_VALUES, where merging
  // is exact whatever the order.
  private static final int[] FLAGS = {0x02, 0x01, 0x00, 0x29, 0x12, 0x04, 0x3f, 0xc2};

  private TestProbes() {}

  /** The simulator's random scenario over a few days (about 10,000 probes a day). */
  static List<Probe> simulated(long seed, int days) {
    List<Probe> out = new ArrayList<>();
    new ScenarioGenerator(Scenario.random(seed).withDays(days)).generate(p -> out.add(p.probe()));
    return out;
  }

  /**
   * Random probes over {@code hours} hours from {@link #START}: a few ports, sources drawn from
   * {@code sources} addresses (some IPv6), every optional field sometimes unknown, some with NBNS
   * features, TCP flags and IP lengths from small sets.
   */
  static List<Probe> random(Random r, int n, int hours, int sources) {
    List<Probe> out = new ArrayList<>(n);
    long start = START.getEpochSecond() * 1_000_000_000L;
    int[] ports = {22, 23, 80, 137, 445, 1433, 3389, 8080};
    for (int i = 0; i < n; i++) {
      long time = start + (long) (r.nextDouble() * hours * 3600e9);
      long[] src = address(r, r.nextInt(sources));
      long[] dst = address(r, 1_000_000 + r.nextInt(5000));
      int port = ports[r.nextInt(ports.length)];
      Protocol protocol =
          port == 137 ? Protocol.UDP : r.nextInt(10) == 0 ? Protocol.ICMP : Protocol.TCP;
      if (protocol == Protocol.ICMP) {
        port = 8;
      }
      NbnsFeatures nbns = null;
      if (port == 137 && r.nextBoolean()) {
        nbns =
            new NbnsFeatures(
                r.nextBoolean() ? NbnsFeatures.Source.PAYLOAD : NbnsFeatures.Source.LENGTH_ONLY,
                false,
                r.nextInt(17) - 1,
                r.nextBoolean(),
                r.nextBoolean() ? 0x21 : -1,
                r.nextBoolean() ? "*<00><00>" : null,
                r.nextBoolean(),
                r.nextBoolean(),
                false,
                r.nextBoolean(),
                r.nextBoolean(),
                r.nextInt(5) == 0 ? "truncated question" : null,
                r.nextBoolean() ? List.of(NbnsFeatures.FORGED, "ünïcode reason") : List.of());
      }
      out.add(
          new Probe(
              time,
              src[0],
              src[1],
              r.nextInt(65536),
              dst[0],
              dst[1],
              port,
              protocol,
              protocol == Protocol.TCP
                  ? (r.nextInt(8) == 0 ? -1 : FLAGS[r.nextInt(FLAGS.length)])
                  : -1,
              r.nextInt(6) == 0 ? -1 : 40 + 4 * r.nextInt(40),
              r.nextInt(6) == 0 ? -1 : r.nextInt(256),
              r.nextInt(3) == 0 ? "" : "sensor-" + r.nextInt(3),
              nbns));
    }
    out.sort(java.util.Comparator.comparingLong(Probe::timeNanos));
    return out;
  }

  /** Address number {@code i}: IPv4 mostly, IPv6 for every seventh. */
  static long[] address(Random r, int i) {
    if (i % 7 == 3) {
      return new long[] {0x2001_0db8_0000_0000L | i, 0x1000L + i};
    }
    return new long[] {0, IpAddresses.v4Lo(0x0a00_0000 + i)};
  }
}

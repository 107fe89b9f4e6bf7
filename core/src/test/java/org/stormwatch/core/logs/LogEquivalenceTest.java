package org.stormwatch.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * The same probes written as netfilter lines and as DShield lines read back as the same probes and
 * give the same port report. (Captures join this comparison in {@code CaptureLogEquivalenceTest}.)
 *
 * <p>Randomized tests are seeded: each seed is one JUnit invocation ({@code seed N}), and a failure
 * names the seed and the probes, so it can be replayed alone.
 */
class LogEquivalenceTest {
  /**
   * What both formats carry: time, addresses, ports, protocol and, for TCP, the flags. A DShield
   * line writes no flags (NULL scan) and unknown flags alike, so no flags counts as unknown.
   */
  record Key(
      long time, long sh, long sl, int sp, long dh, long dl, int dp, Protocol proto, int flags) {
    static Key of(Probe p) {
      return new Key(
          p.timeNanos(),
          p.srcHi(),
          p.srcLo(),
          p.srcPort(),
          p.dstHi(),
          p.dstLo(),
          p.dstPort(),
          p.protocol(),
          p.protocol() == Protocol.TCP && p.tcpFlags() > 0 ? p.tcpFlags() : -1);
    }
  }

  static LongStream seeds200() {
    return LongStream.range(0, 200);
  }

  static LongStream seeds100() {
    return LongStream.range(0, 100);
  }

  private static final int[] FLAGS = {
    ProbeRules.SYN,
    ProbeRules.FIN,
    0,
    ProbeRules.SYN | ProbeRules.ECE | ProbeRules.CWR,
    ProbeRules.FIN | ProbeRules.PSH | ProbeRules.URG
  };

  private static final int[] EDGE_INTS = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0xffff};
  private static final long[] EDGE_LONGS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0xffffL};

  /** Uniform in [min, max], now and then exactly min or max. */
  private static long between(SplittableRandom r, long min, long max) {
    return switch (r.nextInt(32)) {
      case 0 -> min;
      case 1 -> max;
      default -> r.nextLong(min, max + 1);
    };
  }

  private static int anyInt(SplittableRandom r) {
    return r.nextInt(8) == 0 ? EDGE_INTS[r.nextInt(EDGE_INTS.length)] : r.nextInt();
  }

  private static long anyLong(SplittableRandom r) {
    return r.nextInt(8) == 0 ? EDGE_LONGS[r.nextInt(EDGE_LONGS.length)] : r.nextLong();
  }

  /**
   * Up to 40 probes at whole seconds from 2000 to 2030, one in three over IPv6, with any ports,
   * TCP, UDP or ICMP and a few TCP flag sets. Seed 0 gives no probe, seed 1 one; otherwise the list
   * is short (up to 5) a quarter of the time.
   */
  static List<Probe> probes(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int size = seed == 0 ? 0 : seed == 1 ? 1 : r.nextInt(r.nextInt(4) == 0 ? 6 : 41);
    Protocol[] protocols = {Protocol.TCP, Protocol.UDP, Protocol.ICMP};
    List<Probe> probes = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      long t = between(r, 946_684_800L, 1_893_456_000L) * 1_000_000_000L;
      boolean six = r.nextInt(3) == 2;
      long[] a4 = {0, IpAddresses.v4Lo(anyInt(r))};
      long h = anyLong(r);
      long[] a6 = {h == 0 ? 1 : h, anyLong(r)};
      int sp = (int) between(r, 0, 65535);
      int dp = (int) between(r, 0, 65535);
      Protocol pr = protocols[r.nextInt(protocols.length)];
      int fl = FLAGS[r.nextInt(FLAGS.length)];
      long[] src = six ? a6 : a4;
      long[] dst =
          six
              ? new long[] {a6[0], a6[1] ^ 1}
              : new long[] {0, IpAddresses.v4Lo((int) (a4[1] ^ 0x55))};
      if (pr == Protocol.ICMP) {
        probes.add(
            new Probe(t, src[0], src[1], sp % 16, dst[0], dst[1], 8, pr, -1, -1, -1, "", null));
      } else {
        probes.add(
            new Probe(
                t,
                src[0],
                src[1],
                sp,
                dst[0],
                dst[1],
                dp,
                pr,
                pr == Protocol.TCP ? fl : -1,
                -1,
                -1,
                "",
                null));
      }
    }
    return probes;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds200")
  void netfilterAndDshieldLinesReadBackAsTheSameProbes(long seed)
      throws IOException, InputException {
    List<Probe> probes = probes(seed);
    String input = "seed " + seed + ", probes " + probes;
    StringBuilder nf = new StringBuilder();
    StringBuilder ds = new StringBuilder();
    NetfilterLogWriter nw =
        new NetfilterLogWriter(nf, NetfilterLogWriter.Stamp.RFC3339, ZoneOffset.UTC, "gw", "DROP");
    DshieldLogWriter dw = new DshieldLogWriter(ds, "0");
    for (Probe p : probes) {
      nw.write(p);
      dw.write(p);
    }
    List<Key> expected = keys(probes);
    LogTesting.Result fromNetfilter =
        LogTesting.read(nf.toString(), LogOptions.defaults().withFormat("netfilter"));
    LogTesting.Result fromDshield =
        LogTesting.read(ds.toString(), LogOptions.defaults().withFormat("dshield"));
    assertThat(keys(fromNetfilter.probes())).as(input).isEqualTo(expected);
    assertThat(keys(fromDshield.probes())).as(input).isEqualTo(expected);
    assertThat(portReport(fromNetfilter.probes()))
        .as(input)
        .isEqualTo(portReport(fromDshield.probes()));
    if (!probes.isEmpty()) {
      assertThat(LogTesting.read(nf.toString(), LogOptions.defaults()).probes())
          .as(input)
          .hasSize(probes.size());
      assertThat(LogTesting.read(ds.toString(), LogOptions.defaults()).probes())
          .as(input)
          .hasSize(probes.size());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds100")
  void classicSyslogLinesOfOneYearReadBackWithTheYearGiven(long seed)
      throws IOException, InputException {
    List<Probe> probes = probes(seed);
    // Classic stamps carry no year: keep the probes inside February to December 2013, in time
    // order (a step from January straight to December reads as a late line of the year before).
    List<Probe> inYear = new ArrayList<>();
    long start = 1_359_676_800L * 1_000_000_000L;
    long year = 333L * 86_400L * 1_000_000_000L;
    for (Probe p : probes) {
      long t = start + Math.floorMod(p.timeNanos(), year);
      inYear.add(
          new Probe(
              t,
              p.srcHi(),
              p.srcLo(),
              p.srcPort(),
              p.dstHi(),
              p.dstLo(),
              p.dstPort(),
              p.protocol(),
              p.tcpFlags(),
              -1,
              -1,
              "",
              null));
    }
    inYear.sort(Comparator.comparingLong(Probe::timeNanos));
    StringBuilder nf = new StringBuilder();
    NetfilterLogWriter nw =
        new NetfilterLogWriter(nf, NetfilterLogWriter.Stamp.CLASSIC, ZoneOffset.UTC, "gw", "");
    for (Probe p : inYear) {
      nw.write(p);
    }
    LogTesting.Result r =
        LogTesting.read(
            nf.toString(), LogOptions.defaults().withFormat("netfilter").withYear(2013));
    assertThat(keys(r.probes())).as("seed %d, probes %s", seed, inYear).isEqualTo(keys(inYear));
  }

  private static List<Key> keys(List<Probe> probes) {
    List<Key> out = new ArrayList<>();
    for (Probe p : probes) {
      out.add(Key.of(p));
    }
    return out;
  }

  /** The ISC view per (protocol, port, UTC day): records, distinct sources, distinct targets. */
  private static Map<String, List<Integer>> portReport(List<Probe> probes) {
    Map<String, long[]> records = new TreeMap<>();
    Map<String, Set<String>> sources = new TreeMap<>();
    Map<String, Set<String>> targets = new TreeMap<>();
    for (Probe p : probes) {
      String k =
          p.protocol().label()
              + "/"
              + p.dstPort()
              + "/"
              + Math.floorDiv(p.timeNanos(), 86_400_000_000_000L);
      records.computeIfAbsent(k, x -> new long[1])[0]++;
      sources.computeIfAbsent(k, x -> new TreeSet<>()).add(p.sourceText());
      targets.computeIfAbsent(k, x -> new TreeSet<>()).add(p.destinationText());
    }
    Map<String, List<Integer>> out = new TreeMap<>();
    records.forEach(
        (k, n) -> out.put(k, List.of((int) n[0], sources.get(k).size(), targets.get(k).size())));
    return out;
  }
}

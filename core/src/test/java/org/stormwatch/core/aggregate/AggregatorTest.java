package org.stormwatch.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * Randomized tests are seeded: each seed is one JUnit invocation ({@code seed N}), and a failure
 * names the seed and the input, so it can be replayed alone.
 */
class AggregatorTest {
  private static final long S = 1_000_000_000L;

  static LongStream seeds1000() {
    return LongStream.range(0, 1000);
  }

  static LongStream seeds300() {
    return LongStream.range(0, 300);
  }

  static LongStream seeds200() {
    return LongStream.range(0, 200);
  }

  /**
   * A few addresses (IPv4-mapped and IPv6 with the high bit), so that sources and targets repeat.
   */
  private static final long[][] ADDRESSES = {
    {0, 0x0000_ffff_c000_0201L},
    {0, 0x0000_ffff_8000_0001L},
    {0, 0x0000_ffff_0a00_0001L},
    {0x2001_0db8_0000_0000L, 1},
    {0xfe80_0000_0000_0000L, 0x8000_0000_0000_0001L},
    {-1L, -1L},
    {0, 0},
  };

  private static final int[] PORTS = {0, 22, 23, 445, 32_768, 65_535};

  /** Times at and around bucket edges, the ends of the ranges below included. */
  private static final long[] EDGE_TIMES = {
    -1L,
    0L,
    1L,
    86_400 * S - 1,
    86_400 * S,
    -86_400 * S,
    -3600 * S - 1,
    -3600 * S,
    3600 * S - 1,
    3600 * S,
    -2 * 86_400 * S,
    2 * 86_400 * S,
    1_700_000_000L * S,
    1_700_300_000L * S,
    Long.MIN_VALUE,
    Long.MIN_VALUE + 1,
    Long.MAX_VALUE - 1,
    Long.MAX_VALUE,
  };

  /** Uniform in [min, max], now and then exactly min or max. */
  private static long between(SplittableRandom r, long min, long max) {
    int edge = r.nextInt(32);
    if (edge == 0) {
      return min;
    }
    if (edge == 1) {
      return max;
    }
    return r.nextLong(min, max + 1);
  }

  /**
   * Up to 200 probes between a few addresses and ports, at times around 1970 (negative times
   * included), today, and at bucket edges, so that cells repeat. Seed 0 gives no probe, seed 1 one;
   * otherwise the list is short (up to 20) half of the time.
   */
  static List<Probe> probes(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int size = seed == 0 ? 0 : seed == 1 ? 1 : r.nextInt(r.nextBoolean() ? 21 : 201);
    Protocol[] protocols = Protocol.values();
    List<Probe> probes = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      long t =
          switch (r.nextInt(3)) {
            case 0 -> between(r, -2 * 86_400 * S, 2 * 86_400 * S);
            case 1 -> between(r, 1_700_000_000L * S, 1_700_300_000L * S);
            default -> EDGE_TIMES[r.nextInt(EDGE_TIMES.length)];
          };
      long[] src = ADDRESSES[r.nextInt(ADDRESSES.length)];
      long[] dst = ADDRESSES[r.nextInt(ADDRESSES.length)];
      int port = PORTS[r.nextInt(PORTS.length)];
      probes.add(Probe.of(t, src, 12_345, dst, port, protocols[r.nextInt(protocols.length)]));
    }
    return probes;
  }

  /** The naive model: a map from (bucket start, port, protocol) to the probes in that cell. */
  static List<PortActivity> model(List<Probe> probes, BucketSize bucket) {
    Map<List<Object>, List<Probe>> cells = new HashMap<>();
    for (Probe p : probes) {
      long start =
          Math.floorDiv(Math.floorDiv(p.timeNanos(), S), bucket.seconds()) * bucket.seconds();
      cells
          .computeIfAbsent(List.of(start, p.dstPort(), p.protocol()), k -> new ArrayList<>())
          .add(p);
    }
    List<PortActivity> rows = new ArrayList<>();
    cells.forEach(
        (k, ps) -> {
          Set<List<Long>> sources = new HashSet<>();
          Set<List<Long>> targets = new HashSet<>();
          for (Probe p : ps) {
            sources.add(List.of(p.srcHi(), p.srcLo()));
            targets.add(List.of(p.dstHi(), p.dstLo()));
          }
          rows.add(
              new PortActivity(
                  Instant.ofEpochSecond((Long) k.get(0)),
                  (Integer) k.get(1),
                  (Protocol) k.get(2),
                  ps.size(),
                  sources.size(),
                  targets.size()));
        });
    rows.sort(
        Comparator.comparing(PortActivity::start)
            .thenComparing(Comparator.comparingLong(PortActivity::records).reversed())
            .thenComparingInt(PortActivity::port)
            .thenComparing(PortActivity::protocol));
    return rows;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds1000")
  void rowsMatchANaiveModel(long seed) {
    List<Probe> probes = probes(seed);
    for (BucketSize bucket : BucketSize.values()) {
      PortActivityAggregator aggregator = new PortActivityAggregator(bucket);
      probes.forEach(aggregator::accept);
      assertThat(aggregator.rows())
          .as("seed %d, bucket %s, probes %s", seed, bucket, probes)
          .isEqualTo(model(probes, bucket));
    }
  }

  /** The same probes given as fields ({@code acceptFields}, the netfilter reader's way). */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds300")
  void probesGivenAsFields_matchTheNaiveModelToo(long seed) {
    List<Probe> probes = probes(seed);
    for (BucketSize bucket : BucketSize.values()) {
      PortActivityAggregator aggregator = new PortActivityAggregator(bucket);
      for (Probe p : probes) {
        aggregator.acceptFields(
            p.timeNanos(),
            p.srcHi(),
            p.srcLo(),
            p.srcPort(),
            p.dstHi(),
            p.dstLo(),
            p.dstPort(),
            p.protocol(),
            p.tcpFlags(),
            p.ipLength(),
            p.ttl());
      }
      assertThat(aggregator.rows())
          .as("seed %d, bucket %s, probes %s", seed, bucket, probes)
          .isEqualTo(model(probes, bucket));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds300")
  void topKeepsThePairsWithTheMostRecords(long seed) {
    List<Probe> probes = probes(seed);
    List<PortActivity> rows = model(probes, BucketSize.DAY);
    Map<List<Object>, Long> totals = new HashMap<>();
    rows.forEach(r -> totals.merge(List.of(r.port(), r.protocol()), r.records(), Long::sum));
    List<List<Object>> ranked = new ArrayList<>(totals.keySet());
    ranked.sort(
        Comparator.<List<Object>>comparingLong(k -> -totals.get(k))
            .thenComparingInt(k -> (Integer) k.get(0))
            .thenComparing(k -> (Protocol) k.get(1)));
    // Every n the generator could pick (0 to 8), for each list of probes.
    for (int n = 0; n <= 8; n++) {
      Set<List<Object>> kept = new HashSet<>(ranked.subList(0, Math.min(n, ranked.size())));
      List<PortActivity> expected =
          rows.stream().filter(r -> kept.contains(List.of(r.port(), r.protocol()))).toList();

      assertThat(PortReport.top(rows, n))
          .as("seed %d, n %d, rows %s", seed, n, rows)
          .isEqualTo(expected);
    }
  }

  @Test
  void filterKeepsMatchingRowsInOrder() {
    Instant t = Instant.EPOCH;
    PortActivity a = new PortActivity(t, 23, Protocol.TCP, 5, 2, 1);
    PortActivity b = new PortActivity(t, 23, Protocol.UDP, 4, 1, 1);
    PortActivity c = new PortActivity(t.plusSeconds(86_400), 22, Protocol.TCP, 3, 3, 3);
    List<PortActivity> rows = List.of(a, b, c);

    assertThat(PortReport.filter(rows, 23, null)).containsExactly(a, b);
    assertThat(PortReport.filter(rows, null, Protocol.TCP)).containsExactly(a, c);
    assertThat(PortReport.filter(rows, 23, Protocol.UDP)).containsExactly(b);
    assertThat(PortReport.filter(rows, null, null)).containsExactly(a, b, c);
    assertThat(PortReport.filter(rows, 65_535, null)).isEmpty();
  }

  @Test
  void preEpochProbe_fallsInTheBucketBeforeTheEpoch() {
    PortActivityAggregator hours = new PortActivityAggregator(BucketSize.HOUR);
    long[] src = {0, 0x0000_ffff_0102_0304L};
    hours.accept(Probe.of(-1, src, 1, src, 80, Protocol.TCP));
    hours.accept(Probe.of(0, src, 1, src, 80, Protocol.TCP));

    assertThat(hours.rows())
        .extracting(PortActivity::start)
        .containsExactly(Instant.ofEpochSecond(-3600), Instant.EPOCH);
  }

  /**
   * Keys for the set, from one of several patterns: sequential keys, keys differing only in their
   * high bits, powers of two, keys near the ends of the range, random keys, and repeats of earlier
   * keys (so that {@code add} also meets keys already there). Never 0, which the set does not take.
   */
  static List<Long> keys(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int size = seed == 0 ? 0 : r.nextInt(8) == 0 ? r.nextInt(20_000) : r.nextInt(3001);
    long base = r.nextInt(4) == 0 ? 0 : r.nextLong();
    int highShift = 32 + r.nextInt(32);
    List<Long> keys = new ArrayList<>(size);
    while (keys.size() < size) {
      int i = keys.size();
      long k =
          switch (r.nextInt(8)) {
            case 0 -> base + i; // sequential
            case 1 -> base ^ ((long) i << highShift); // differ only in high bits
            case 2 -> (long) i << 48 | 1;
            case 3 -> 1L << r.nextInt(64);
            case 4 ->
                new long[] {Long.MIN_VALUE, Long.MAX_VALUE, -1L, 1L, Long.MIN_VALUE + 1, 0xffffL}
                    [r.nextInt(6)];
            case 5 -> i == 0 ? 1 : keys.get(r.nextInt(i)); // a repeat
            case 6 -> r.nextInt(2001); // few distinct values: many repeats
            default -> r.nextLong();
          };
      if (k != 0) {
        keys.add(k);
      }
    }
    return keys;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds200")
  void longHashSetMatchesAHashSet(long seed) {
    List<Long> keys = keys(seed);
    LongHashSet set = new LongHashSet();
    Set<Long> reference = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      long k = keys.get(i);
      boolean isNew = reference.add(k);
      assertThat(set.add(k)).as("seed %d, key %d: %d (0x%x)", seed, i, k, k).isEqualTo(isNew);
      assertThat(set.size()).as("seed %d, after key %d", seed, i).isEqualTo(reference.size());
    }
    // After all the growing, every key is still found once.
    for (long k : reference) {
      assertThat(set.add(k)).as("seed %d, key %d (0x%x) added again", seed, k, k).isFalse();
    }
    assertThat(set.size()).as("seed %d", seed).isEqualTo(reference.size());
  }

  @Test
  void longHashSet_keysDifferingOnlyInTheHighBits_orSequential_areAllKept() {
    LongHashSet set = new LongHashSet();
    Set<Long> reference = new HashSet<>();
    for (long i = 1; i < 50_000; i++) {
      for (long k : new long[] {i, i << 40, i << 50 | 7, Long.MIN_VALUE | i, -i}) {
        assertThat(set.add(k)).as("key 0x%x", k).isEqualTo(reference.add(k));
      }
    }
    assertThat(set.size()).isEqualTo(reference.size());
  }
}

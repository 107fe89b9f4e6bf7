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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

class AggregatorTest {
  private static final long S = 1_000_000_000L;

  @Provide
  Arbitrary<List<Probe>> probes() {
    // A few addresses (IPv4-mapped and IPv6 with the high bit), ports and times around 1970
    // (negative times included) and today, so that cells repeat.
    Arbitrary<long[]> address =
        Arbitraries.of(
            new long[] {0, 0x0000_ffff_c000_0201L},
            new long[] {0, 0x0000_ffff_8000_0001L},
            new long[] {0, 0x0000_ffff_0a00_0001L},
            new long[] {0x2001_0db8_0000_0000L, 1},
            new long[] {0xfe80_0000_0000_0000L, 0x8000_0000_0000_0001L},
            new long[] {-1L, -1L},
            new long[] {0, 0});
    Arbitrary<Integer> port = Arbitraries.of(0, 22, 23, 445, 32_768, 65_535);
    Arbitrary<Long> time =
        Arbitraries.oneOf(
            Arbitraries.longs().between(-2 * 86_400 * S, 2 * 86_400 * S),
            Arbitraries.longs().between(1_700_000_000L * S, 1_700_300_000L * S),
            Arbitraries.of(-1L, 0L, 86_400 * S - 1, 86_400 * S, -86_400 * S, -3600 * S - 1));
    Arbitrary<Probe> probe =
        Combinators.combine(time, address, address, port, Arbitraries.of(Protocol.class))
            .as((t, src, dst, p, proto) -> Probe.of(t, src, 12_345, dst, p, proto));
    return probe.list().ofMaxSize(200);
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

  @Property(tries = 1000)
  void rowsMatchANaiveModel(@ForAll("probes") List<Probe> probes, @ForAll BucketSize bucket) {
    PortActivityAggregator aggregator = new PortActivityAggregator(bucket);
    probes.forEach(aggregator::accept);
    assertThat(aggregator.rows()).isEqualTo(model(probes, bucket));
  }

  @Property(tries = 300)
  void topKeepsThePairsWithTheMostRecords(
      @ForAll("probes") List<Probe> probes, @ForAll @IntRange(min = 0, max = 8) int n) {
    List<PortActivity> rows = model(probes, BucketSize.DAY);
    Map<List<Object>, Long> totals = new HashMap<>();
    rows.forEach(r -> totals.merge(List.of(r.port(), r.protocol()), r.records(), Long::sum));
    List<List<Object>> ranked = new ArrayList<>(totals.keySet());
    ranked.sort(
        Comparator.<List<Object>>comparingLong(k -> -totals.get(k))
            .thenComparingInt(k -> (Integer) k.get(0))
            .thenComparing(k -> (Protocol) k.get(1)));
    Set<List<Object>> kept = new HashSet<>(ranked.subList(0, Math.min(n, ranked.size())));
    List<PortActivity> expected =
        rows.stream().filter(r -> kept.contains(List.of(r.port(), r.protocol()))).toList();

    assertThat(PortReport.top(rows, n)).isEqualTo(expected);
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

  @Property(tries = 200)
  void addressSetMatchesAHashSet(
      @ForAll @Size(max = 3000) List<@IntRange(min = 0, max = 2000) Integer> values) {
    AddressSet set = new AddressSet();
    Set<Integer> reference = new HashSet<>();
    for (int v : values) {
      long hi = v % 3 == 0 ? 0 : Long.MIN_VALUE | v;
      boolean isNew = reference.add(v);
      assertThat(set.add(hi, v)).isEqualTo(isNew);
    }
    assertThat(set.size()).isEqualTo(reference.size());
    for (int v = 0; v <= 2000; v += 7) {
      long hi = v % 3 == 0 ? 0 : Long.MIN_VALUE | v;
      assertThat(set.contains(hi, v)).isEqualTo(reference.contains(v));
    }
    AddressSet copy = new AddressSet(1);
    copy.addAll(set);
    assertThat(copy.size()).isEqualTo(set.size());
  }
}

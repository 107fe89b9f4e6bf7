package org.stormwatch.core.detect;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.stormwatch.core.model.Protocol;

/**
 * The fingerprint mix of the background on quiet ports, pooled over all ports of a protocol: which
 * share of the sources a value ({@code ip_length+ttl=52/33-64}) has among the sources of its kind.
 *
 * <p>What: per protocol and bucket, the distinct sources per value summed over every (port, bucket)
 * cell in which no value reached {@link FingerprintSources#CAP} (so every count is exact: the quiet
 * cells, whose background this describes), and per kind the total. {@link #pooled} sums them over a
 * window of buckets.
 *
 * <p>Why: a quiet port sees a handful of sources a month, too few to learn its own fingerprint mix,
 * so the fingerprint alarm's floor for a value it never saw was the port's whole floor (0.25
 * sources a day): on a quiet port the sub-series was no quieter than the total, and three sources
 * sharing a fingerprint were no more surprising than three sources. Background hosts are the same
 * stacks everywhere (most of them a few common TTL and length pairs), so their mix pooled over
 * thousands of port-days is a sound estimate of a single quiet port's (empirical Bayes). A value
 * that is 1 in 1,000 of the pooled background is expected 1,000 times less often than a source on
 * that port.
 *
 * <p>Error: the pooled share is an average; a port whose own background differs (one regular
 * scanner with an odd stack) is covered by the port's own observed rate, which the alarm keeps when
 * it is higher, and {@link DetectionSettings#fingerprintMinShare()} bounds how rare any value is
 * believed to be.
 */
public final class FingerprintMix {
  private final Map<Protocol, NavigableMap<Integer, Map<String, Long>>> values;
  private final Map<Protocol, NavigableMap<Integer, Map<String, Long>>> kinds;
  // Bucket t of the series judged is bucket t + offset here (0 but for shifted views).
  private final int offset;
  // A mix made by of() is complete and never changes: its shares come from cumulative sums per
  // protocol of a value's sources ("=kind=value") or a kind's ("kind"), made on first use, since
  // the alarm asks for a sliding window of 28 days or 168 hours per value, port and bucket, and
  // summing the window each time dominated hourly detection. A pooled mix (filled bucket by
  // bucket by a stream processor) sums its window each time.
  private final Map<Protocol, Map<String, long[]>> prefixes = new EnumMap<>(Protocol.class);
  private int length;
  private boolean complete;

  private FingerprintMix() {
    this(new EnumMap<>(Protocol.class), new EnumMap<>(Protocol.class), 0);
  }

  private FingerprintMix(
      Map<Protocol, NavigableMap<Integer, Map<String, Long>>> values,
      Map<Protocol, NavigableMap<Integer, Map<String, Long>>> kinds,
      int offset) {
    this.values = values;
    this.kinds = kinds;
    this.offset = offset;
  }

  /** Pools the exact (uncapped) cells of every series; all series share one time axis. */
  static FingerprintMix of(List<PortSeries> series, FeatureHistograms features) {
    FingerprintMix mix = new FingerprintMix();
    for (PortSeries s : series) {
      for (int t = 0; t < s.length(); t++) {
        if (s.value(Metric.RECORDS, t) == 0) {
          continue;
        }
        FingerprintSources cell = features.fingerprintSources(s.port(), s.protocol(), s.startOf(t));
        if (cell == null) {
          // No source counts for some cell (none at all, or hours stored before schema 3): no
          // pooled mix, and the alarm floors every value at sourceFloor.
          return null;
        }
        mix.add(s.protocol(), t, cell.counts());
      }
      mix.length = Math.max(mix.length, s.length());
    }
    mix.complete = true;
    return mix;
  }

  private void add(Protocol protocol, int t, Map<String, Long> cell) {
    for (long n : cell.values()) {
      if (n >= FingerprintSources.CAP) {
        return; // a busy cell: its counts are capped, and its mix is not the quiet ports'
      }
    }
    Map<String, Long> v =
        values
            .computeIfAbsent(protocol, p -> new TreeMap<>())
            .computeIfAbsent(t, b -> new HashMap<>());
    Map<String, Long> k =
        kinds
            .computeIfAbsent(protocol, p -> new TreeMap<>())
            .computeIfAbsent(t, b -> new HashMap<>());
    for (Map.Entry<String, Long> e : cell.entrySet()) {
      v.merge(e.getKey(), e.getValue(), Long::sum);
      k.merge(kind(e.getKey()), e.getValue(), Long::sum);
    }
  }

  /**
   * The sources of {@code value} and of its kind pooled over buckets {@code [from, to)} (none for a
   * protocol the mix never saw or an empty range): the alarm takes two shares of one sum ({@link
   * Pooled#share}).
   */
  Pooled pooled(Protocol protocol, String value, int from, int to) {
    if (complete) {
      from = Math.max(0, from);
      to = Math.min(length, to);
      if (!values.containsKey(protocol) || from >= to) {
        return Pooled.NONE;
      }
      long[] count = prefix(protocol, value, values);
      long[] kind = prefix(protocol, kind(value), kinds);
      return new Pooled(count[to] - count[from], kind[to] - kind[from]);
    }
    NavigableMap<Integer, Map<String, Long>> v = values.get(protocol);
    if (v == null || from >= to) {
      return Pooled.NONE;
    }
    String kind = kind(value);
    long count = 0;
    long total = 0;
    for (Map.Entry<Integer, Map<String, Long>> e :
        v.subMap(from + offset, true, to + offset, false).entrySet()) {
      count += e.getValue().getOrDefault(value, 0L);
      total += kinds.get(protocol).get(e.getKey()).getOrDefault(kind, 0L);
    }
    return new Pooled(count, total);
  }

  /** A value's pooled sources and those of its kind. */
  record Pooled(long count, long total) {
    static final Pooled NONE = new Pooled(0, 0);

    /**
     * The value's share of its kind, or 1 when fewer than {@code minTotal} (at least 1) sources of
     * that kind were pooled: too little to tell a rare value from an unseen one.
     */
    double share(double minTotal) {
      return total < minTotal ? 1 : (double) count / total;
    }
  }

  /** prefix[i]: the sources of {@code key} pooled over buckets 0 to i - 1 (complete mixes). */
  private long[] prefix(
      Protocol protocol, String key, Map<Protocol, NavigableMap<Integer, Map<String, Long>>> of) {
    return prefixes
        .computeIfAbsent(protocol, p -> new HashMap<>())
        .computeIfAbsent(
            (of == kinds ? "" : "=") + key,
            k -> {
              long[] sums = new long[length + 1];
              NavigableMap<Integer, Map<String, Long>> byBucket = of.get(protocol);
              for (int t = 0; t < length; t++) {
                Map<String, Long> cell = byBucket.get(t);
                sums[t + 1] = sums[t] + (cell == null ? 0 : cell.getOrDefault(key, 0L));
              }
              return sums;
            });
  }

  /**
   * An empty mix, to be filled with counts pooled elsewhere ({@link #putPooled}): a stream
   * processor that judges one port at a time pools every port's quiet cells in one place and hands
   * the sums to each port's detector ({@link SurgeDetector#detect(List, FeatureHistograms,
   * FingerprintMix)}).
   */
  public static FingerprintMix pooled() {
    return new FingerprintMix();
  }

  /**
   * What a (port, bucket) cell adds to the pool: its counts when no value reached {@link
   * FingerprintSources#CAP} (a quiet cell), else nothing (an empty map), as {@link #of} pools.
   */
  public static Map<String, Long> quietPart(Map<String, Long> cell) {
    for (long n : cell.values()) {
      if (n >= FingerprintSources.CAP) {
        return Map.of();
      }
    }
    return cell;
  }

  /**
   * Sets bucket {@code t}'s pooled counts of a protocol: per value, the sum of {@link #quietPart}
   * over every cell of the bucket. Replaces an earlier call for the same bucket.
   */
  public void putPooled(Protocol protocol, int t, Map<String, Long> pooled) {
    Map<String, Long> v = new HashMap<>();
    Map<String, Long> k = new HashMap<>();
    for (Map.Entry<String, Long> e : pooled.entrySet()) {
      v.merge(e.getKey(), e.getValue(), Long::sum);
      k.merge(kind(e.getKey()), e.getValue(), Long::sum);
    }
    values.computeIfAbsent(protocol, p -> new TreeMap<>()).put(t, v);
    kinds.computeIfAbsent(protocol, p -> new TreeMap<>()).put(t, k);
  }

  /**
   * This mix as seen by a series whose bucket 0 is bucket {@code first} here (a view: later {@link
   * #putPooled} calls show through).
   */
  public FingerprintMix shifted(int first) {
    return new FingerprintMix(values, kinds, offset + first);
  }

  private static String kind(String value) {
    int eq = value.indexOf('=');
    return eq < 0 ? value : value.substring(0, eq);
  }
}

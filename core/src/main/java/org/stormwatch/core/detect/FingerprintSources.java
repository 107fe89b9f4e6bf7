package org.stormwatch.core.detect;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Distinct sources per fingerprint value in one (bucket, port, protocol) cell, counted up to {@link
 * #CAP}: how many hosts sent probes with IP length 52, or TTL band 129-255, not how many probes. A
 * fingerprint value is named {@code kind=value}: {@code ip_length=52}, {@code ttl=129-255}, and the
 * pair {@code ip_length+ttl=60/65-128}, rare even where each half is common.
 *
 * <p>What: per (kind, value) a set of at most {@link #CAP} 64-bit source hashes; the count is
 * min(distinct sources, CAP). Why capped: the fingerprint alarm ({@link FingerprintAlarm}) only
 * tests values that are rare on the port (a few sources a bucket), where a small count decides; a
 * common value saturates and is not tested. Memory is then bounded per cell ({@link
 * FeatureCounts#MAX_VALUES} values per feature, CAP hashes each) and grows with the sources a cell
 * really has, not with its probes. Why sources and not probes: one loud scanner with an odd
 * fingerprint sends thousands of probes but is one host; an outbreak is many.
 *
 * <p>Merging two cells is the union of their sets, capped: exact for min(distinct, CAP), because if
 * either set is full the union has at least CAP members. Error: two sources share a hash with
 * probability about 32^2 / 2^65 per value, negligible. A kind keeps at most {@link
 * FeatureCounts#MAX_VALUES} values: past that, newcomers are dropped (not tested), and which values
 * a merge keeps then depends on the order of arrival, as in {@link FeatureCounts}.
 *
 * <p>The store and the Flink job keep these sets per cell in the byte form of {@link
 * FingerprintSourcesCodec} and merge them with {@link #addAll}, so that the alarm counts the same
 * sources wherever detection runs. Not thread-safe.
 */
public final class FingerprintSources {
  /** Sources counted one by one per value; more read as CAP. */
  public static final int CAP = 32;

  /** The kind of the IP length and TTL band pair. */
  static final String LENGTH_AND_TTL = "ip_length+ttl";

  // kind -> value -> {size, member hashes...}
  final Map<String, Map<String, long[]>> sets = new HashMap<>();

  /** Counts a source (as a 64-bit hash, see {@link #hash}) showing a value of a kind. */
  public void add(String kind, String value, long sourceHash) {
    Map<String, long[]> values = sets.computeIfAbsent(kind, f -> new HashMap<>());
    long[] set = values.get(value);
    if (set == null) {
      if (values.size() >= FeatureCounts.MAX_VALUES) {
        return; // like FeatureCounts' "other": not tested
      }
      // set[0] is the size; members follow, grown by doubling up to CAP
      set = new long[3];
      values.put(value, set);
    }
    int size = (int) set[0];
    if (size >= CAP) {
      return; // full: the count stays CAP whoever comes
    }
    for (int i = 1; i <= size; i++) {
      if (set[i] == sourceHash) {
        return;
      }
    }
    if (size + 1 >= set.length) {
      long[] grown = new long[Math.min(CAP + 1, set.length * 2)];
      System.arraycopy(set, 0, grown, 0, set.length);
      set = grown;
      values.put(value, set);
    }
    set[size + 1] = sourceHash;
    set[0] = size + 1;
  }

  /**
   * Adds the sources of another cell: a capped union. Per value kept, the count is then exactly
   * min(distinct sources of both, CAP), whatever the order of merges.
   */
  public void addAll(FingerprintSources other) {
    for (Map.Entry<String, Map<String, long[]>> f : other.sets.entrySet()) {
      for (Map.Entry<String, long[]> v : f.getValue().entrySet()) {
        long[] set = v.getValue();
        for (int i = 1; i <= (int) set[0]; i++) {
          add(f.getKey(), v.getKey(), set[i]);
        }
      }
    }
  }

  /** Whether no source was counted. */
  public boolean isEmpty() {
    return sets.isEmpty();
  }

  /** A copy that shares nothing with this one. */
  public FingerprintSources copy() {
    FingerprintSources out = new FingerprintSources();
    out.addAll(this);
    return out;
  }

  /** The counts, min(distinct sources, CAP) per {@code kind=value}, as a new map. */
  public Map<String, Long> counts() {
    Map<String, Long> out = new HashMap<>();
    for (Map.Entry<String, Map<String, long[]>> f : sets.entrySet()) {
      for (Map.Entry<String, long[]> v : f.getValue().entrySet()) {
        out.put(f.getKey() + "=" + v.getKey(), v.getValue()[0]);
      }
    }
    return out;
  }

  /**
   * The distinct sources showing {@code kindValue} ({@code ip_length=52}) in the first 1, 2, ... of
   * {@code cells}, each at most CAP: element w - 1 counts the capped union of cells 0 to w - 1,
   * exact for min(distinct, CAP) as in {@link #addAll}. One pass: each cell's members join the
   * union once (at most CAP x cells comparisons of CAP members), where counting each window from
   * scratch took a pass per window (a 24-hour window: 24 passes over up to 24 cells per value).
   */
  static long[] distinctByWindow(String kindValue, List<FingerprintSources> cells) {
    int eq = kindValue.indexOf('=');
    String kind = kindValue.substring(0, eq);
    String value = kindValue.substring(eq + 1);
    long[] counts = new long[cells.size()];
    long[] union = new long[CAP];
    int size = 0;
    for (int w = 0; w < cells.size(); w++) {
      Map<String, long[]> values = cells.get(w).sets.get(kind);
      long[] set = values == null ? null : values.get(value);
      if (set != null) {
        for (int i = 1; i <= (int) set[0] && size < CAP; i++) {
          if (!contains(union, size, set[i])) {
            union[size++] = set[i];
          }
        }
      }
      counts[w] = size;
    }
    return counts;
  }

  private static boolean contains(long[] a, int size, long x) {
    for (int i = 0; i < size; i++) {
      if (a[i] == x) {
        return true;
      }
    }
    return false;
  }

  /** The members, per kind and value, sorted: equal content gives an equal map. */
  Map<String, Map<String, long[]>> sorted() {
    Map<String, Map<String, long[]>> out = new TreeMap<>();
    for (Map.Entry<String, Map<String, long[]>> f : sets.entrySet()) {
      Map<String, long[]> values = new TreeMap<>();
      for (Map.Entry<String, long[]> v : f.getValue().entrySet()) {
        long[] members = Arrays.copyOfRange(v.getValue(), 1, (int) v.getValue()[0] + 1);
        Arrays.sort(members);
        values.put(v.getKey(), members);
      }
      out.put(f.getKey(), values);
    }
    return out;
  }

  /** Same kinds, values and member hashes. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FingerprintSources)) {
      return false;
    }
    return Arrays.equals(
        FingerprintSourcesCodec.encode(this),
        FingerprintSourcesCodec.encode((FingerprintSources) o));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(FingerprintSourcesCodec.encode(this));
  }

  @Override
  public String toString() {
    return "FingerprintSources" + counts();
  }

  /** A 64-bit hash of an address (SplitMix64's finaliser over both halves). */
  public static long hash(long hi, long lo) {
    return mix(mix(hi) ^ lo);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
    return z ^ (z >>> 31);
  }
}

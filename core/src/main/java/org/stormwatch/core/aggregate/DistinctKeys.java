package org.stormwatch.core.aggregate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An exact set of non-negative longs that only answers, at the end, how many distinct keys share
 * each value of the high 32 bits (a cell index): built for counting distinct (cell, IPv4 address)
 * pairs at tens of millions of pairs per second.
 *
 * <p>Why not a hash set: with millions of distinct pairs the table outgrows the caches, and every
 * insert becomes a cache and TLB miss (measured: over half of {@code report}'s time on a 10 million
 * packet capture went to hash-set inserts). Here an insert appends to a buffer; a full buffer is
 * sorted (LSD radix sort, skipping digits that all keys share), deduplicated and pushed as a sorted
 * run onto a stack whose runs at least double in size downwards, merging runs as a binary counter
 * carries (a log-structured merge). Every pass is a sequential scan, so the work per key is a few
 * nanoseconds: the sort, then {@code O(log(n / buffer))} merges. Memory is the buffer plus eight
 * bytes per distinct key (a hash table at half load needs 16 or more), and repeated keys never get
 * past the buffer's deduplication. Exact: no key is lost or counted twice. Not thread-safe.
 */
final class DistinctKeys {
  private static final int MIN_BUFFER = 1 << 12;
  private static final int MAX_BUFFER = 1 << 20;
  private static final int DIGIT_BITS = 11;
  private static final int RADIX = 1 << DIGIT_BITS;

  private long[] buffer = new long[MIN_BUFFER];
  private long[] scratch = new long[MIN_BUFFER];
  private int buffered;

  /** Sorted, duplicate-free runs; each at least twice as long as the one after it. */
  private final List<long[]> runs = new ArrayList<>();

  /** Adds a key, which must not be negative. */
  void add(long key) {
    if (buffered == buffer.length) {
      spill();
    }
    buffer[buffered++] = key;
  }

  /**
   * Adds, for every distinct key, one to {@code counts[key >>> 32]}; {@code counts} must be long
   * enough for every cell index seen. The set stays usable.
   */
  void countByHigh32(int[] counts) {
    long[] all = merged();
    for (long key : all) {
      counts[(int) (key >>> 32)]++;
    }
  }

  /** Every distinct key, sorted; merges everything into one run. */
  long[] merged() {
    if (buffered > 0) {
      pushRun(sortedUnique());
    }
    while (runs.size() > 1) {
      mergeLastTwo();
    }
    return runs.isEmpty() ? new long[0] : runs.get(0);
  }

  private void spill() {
    pushRun(sortedUnique());
    if (buffer.length < MAX_BUFFER) {
      // Start small (many aggregators count a few hundred pairs), grow while the input is big.
      buffer = new long[buffer.length * 2];
      scratch = new long[buffer.length];
    }
  }

  private void pushRun(long[] run) {
    runs.add(run);
    while (runs.size() > 1
        && runs.get(runs.size() - 2).length < 2L * runs.get(runs.size() - 1).length) {
      mergeLastTwo();
    }
  }

  private void mergeLastTwo() {
    long[] b = runs.remove(runs.size() - 1);
    long[] a = runs.remove(runs.size() - 1);
    runs.add(mergeUnique(a, b));
  }

  /** The buffered keys, sorted and deduplicated, as a new array; empties the buffer. */
  private long[] sortedUnique() {
    int n = buffered;
    buffered = 0;
    long[] sorted = radixSort(buffer, scratch, n);
    int unique = 0;
    for (int i = 0; i < n; i++) {
      long key = sorted[i];
      if (unique == 0 || sorted[unique - 1] != key) {
        sorted[unique++] = key;
      }
    }
    return Arrays.copyOf(sorted, unique);
  }

  /**
   * Sorts the first {@code n} keys of {@code a} (non-negative) with an LSD radix sort of 11-bit
   * digits, using {@code b} as scratch; digits on which all keys agree are skipped.
   *
   * @return whichever of the two arrays holds the sorted keys
   */
  static long[] radixSort(long[] a, long[] b, int n) {
    long or = 0;
    long and = -1L;
    for (int i = 0; i < n; i++) {
      or |= a[i];
      and &= a[i];
    }
    int digits = (64 - Long.numberOfLeadingZeros(or) + DIGIT_BITS - 1) / DIGIT_BITS;
    // Every digit's histogram in one read of the keys, rather than one read per pass.
    int[][] counts = new int[digits][RADIX];
    for (int i = 0; i < n; i++) {
      long key = a[i];
      for (int d = 0; d < digits; d++) {
        counts[d][(int) (key >>> (d * DIGIT_BITS)) & (RADIX - 1)]++;
      }
    }
    long[] from = a;
    long[] to = b;
    for (int d = 0; d < digits; d++) {
      int shift = d * DIGIT_BITS;
      long digitMask = (long) (RADIX - 1) << shift;
      if ((or & digitMask) == (and & digitMask)) {
        continue;
      }
      int[] count = counts[d];
      int sum = 0;
      for (int digit = 0; digit < RADIX; digit++) {
        int c = count[digit];
        count[digit] = sum;
        sum += c;
      }
      for (int i = 0; i < n; i++) {
        long key = from[i];
        to[count[(int) (key >>> shift) & (RADIX - 1)]++] = key;
      }
      long[] t = from;
      from = to;
      to = t;
    }
    return from;
  }

  /** The union of two sorted, duplicate-free arrays, sorted and duplicate-free. */
  static long[] mergeUnique(long[] a, long[] b) {
    long[] out = new long[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length && j < b.length) {
      long x = a[i];
      long y = b[j];
      if (x < y) {
        out[n++] = x;
        i++;
      } else if (y < x) {
        out[n++] = y;
        j++;
      } else {
        out[n++] = x;
        i++;
        j++;
      }
    }
    while (i < a.length) {
      out[n++] = a[i++];
    }
    while (j < b.length) {
      out[n++] = b[j++];
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}

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
 *
 * <p>Arrays freed by a merge are kept and reused for later runs and buffers ({@link #take}): a new
 * array for every run made the heap grow through hundreds of megabytes of fresh pages, each zeroed
 * and faulted in, which was a sixth of a 10 million packet report's time (system time, measured
 * with perf).
 */
final class DistinctKeys {
  private static final int MIN_BUFFER = 1 << 12;
  private static final int MAX_BUFFER = 1 << 20;
  private static final int DIGIT_BITS = 11;
  private static final int RADIX = 1 << DIGIT_BITS;

  private long[] buffer = new long[MIN_BUFFER];
  private long[] scratch = new long[MIN_BUFFER];
  private int buffered;

  /** How many keys the buffer takes before a spill; its array (and scratch's) may be longer. */
  private int bufferLimit = MIN_BUFFER;

  /**
   * Sorted, duplicate-free runs, each at least twice as long as the one after it; a run's keys are
   * the first {@link Run#length} of its array.
   */
  private final List<Run> runs = new ArrayList<>();

  /** Arrays no longer in use, to be reused before any new one is made. */
  private final List<long[]> free = new ArrayList<>();

  private record Run(long[] keys, int length) {}

  /** Adds a key, which must not be negative. */
  void add(long key) {
    if (buffered == bufferLimit) {
      spill();
    }
    buffer[buffered++] = key;
  }

  /**
   * Adds, for every distinct key, one to {@code counts[key >>> 32]}; {@code counts} must be long
   * enough for every cell index seen. The set stays usable.
   *
   * <p>Counts in one k-way pass over the runs (a logarithmic number of them) without merging them
   * into one: that last merge would copy every key once more into the largest array of the run.
   */
  void countByHigh32(int[] counts) {
    if (buffered > 0) {
      flush();
    }
    int k = runs.size();
    long[][] keys = new long[k][];
    int[] at = new int[k];
    int[] end = new int[k];
    for (int r = 0; r < k; r++) {
      keys[r] = runs.get(r).keys();
      end[r] = runs.get(r).length();
    }
    long last = -1;
    while (true) {
      int min = -1;
      long minKey = Long.MAX_VALUE;
      for (int r = 0; r < k; r++) {
        if (at[r] < end[r] && keys[r][at[r]] <= minKey) {
          minKey = keys[r][at[r]];
          min = r;
        }
      }
      if (min < 0) {
        return;
      }
      at[min]++;
      if (minKey != last) {
        counts[(int) (minKey >>> 32)]++;
        last = minKey;
      }
    }
  }

  /** Every distinct key, sorted, in an array of their number; merges everything into one run. */
  long[] merged() {
    if (buffered > 0) {
      flush();
    }
    while (runs.size() > 1) {
      mergeLastTwo();
    }
    return runs.isEmpty() ? new long[0] : Arrays.copyOf(runs.get(0).keys(), runs.get(0).length());
  }

  private void spill() {
    // Start small (many aggregators count a few hundred pairs), grow while the input is big.
    bufferLimit = Math.min(MAX_BUFFER, bufferLimit * 2);
    flush();
  }

  /** Turns the buffered keys into a run and gives the buffer an array for {@link #bufferLimit}. */
  private void flush() {
    pushRun(sortedUnique());
    buffer = take(bufferLimit);
    if (scratch.length < bufferLimit) {
      free.add(scratch);
      scratch = take(bufferLimit);
    }
  }

  private void pushRun(Run run) {
    runs.add(run);
    while (runs.size() > 1
        && runs.get(runs.size() - 2).length() < 2L * runs.get(runs.size() - 1).length()) {
      mergeLastTwo();
    }
  }

  private void mergeLastTwo() {
    Run b = runs.remove(runs.size() - 1);
    Run a = runs.remove(runs.size() - 1);
    long[] out = take(a.length() + b.length());
    runs.add(new Run(out, mergeUnique(a.keys(), a.length(), b.keys(), b.length(), out)));
    free.add(a.keys());
    free.add(b.keys());
  }

  /**
   * The buffered keys, sorted and deduplicated, as a run; the buffer's array becomes the run's (or
   * the scratch array does, whichever the sort left them in), and the caller gives the buffer a new
   * array.
   */
  private Run sortedUnique() {
    int n = buffered;
    buffered = 0;
    long[] sorted = radixSort(buffer, scratch, n);
    if (sorted == scratch) {
      scratch = buffer;
    }
    buffer = null;
    int unique = 0;
    for (int i = 0; i < n; i++) {
      long key = sorted[i];
      if (unique == 0 || sorted[unique - 1] != key) {
        sorted[unique++] = key;
      }
    }
    return new Run(sorted, unique);
  }

  /**
   * A free array of at least {@code n} keys, the smallest that is no more than four times that; or
   * a new one.
   */
  private long[] take(int n) {
    int best = -1;
    for (int i = 0; i < free.size(); i++) {
      int length = free.get(i).length;
      if (length >= n && length / 4 <= n && (best < 0 || length < free.get(best).length)) {
        best = i;
      }
    }
    if (best >= 0) {
      long[] array = free.get(best);
      free.set(best, free.get(free.size() - 1));
      free.remove(free.size() - 1);
      return array;
    }
    return new long[n];
  }

  /**
   * Sorts the first {@code n} keys of {@code a} (non-negative) with an LSD radix sort of 11-bit
   * digits, using {@code b} as scratch. Digits are placed where the keys differ: each starts at the
   * lowest bit that varies among the keys and is not yet sorted, so bits on which all keys agree
   * (an address prefix, the top of the cell index) cost no pass.
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
    long varying = or ^ and;
    int[] shifts = new int[64 / DIGIT_BITS + 1];
    int digits = 0;
    while (varying != 0) {
      int shift = Long.numberOfTrailingZeros(varying);
      shifts[digits++] = shift;
      varying = shift + DIGIT_BITS >= 64 ? 0 : varying & (-1L << (shift + DIGIT_BITS));
    }
    // Every digit's histogram in one read of the keys, rather than one read per pass.
    int[][] counts = new int[digits][RADIX];
    for (int i = 0; i < n; i++) {
      long key = a[i];
      for (int d = 0; d < digits; d++) {
        counts[d][(int) (key >>> shifts[d]) & (RADIX - 1)]++;
      }
    }
    long[] from = a;
    long[] to = b;
    for (int d = 0; d < digits; d++) {
      int shift = shifts[d];
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

  /**
   * Writes the union of two sorted, duplicate-free key lists ({@code a[0, m)}, {@code b[0, n)}) to
   * {@code out}, sorted and duplicate-free.
   *
   * @return the number of keys written
   */
  static int mergeUnique(long[] a, int m, long[] b, int n, long[] out) {
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < m && j < n) {
      long x = a[i];
      long y = b[j];
      if (x < y) {
        out[k++] = x;
        i++;
      } else if (y < x) {
        out[k++] = y;
        j++;
      } else {
        out[k++] = x;
        i++;
        j++;
      }
    }
    System.arraycopy(a, i, out, k, m - i);
    k += m - i;
    System.arraycopy(b, j, out, k, n - j);
    return k + n - j;
  }
}

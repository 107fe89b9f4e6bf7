package org.stormwatch.core.aggregate;

import java.util.ArrayList;
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
 *
 * <p>A run is held as chunks: views into sorted arrays, in key order, whose key ranges do not
 * overlap; an array is reference-counted and free for reuse when no chunk looks into it. A merge
 * copies only the keys in the overlap of the two runs' ranges: chunks wholly below or above it are
 * taken over as they are, and a chunk that straddles a bound of the overlap is cut (binary search)
 * into views of its array. The aggregator's keys carry the cell index high, and cells are numbered
 * as first seen, so for time-ordered input a day's keys all lie above the previous days': a new run
 * then overlaps the last day or so, and the older days' keys, most of the set, are copied by no
 * merge (before, every key was copied once per level of the merge, about four times on a 10 million
 * packet capture, and each merge made a new array). For input in no order a merge degenerates to
 * the plain merge of two sorted runs.
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

  /** Sorted, duplicate-free runs, each at least twice as long as the one after it. */
  private final List<Run> runs = new ArrayList<>();

  /** Arrays no longer in use, to be reused before any new one is made. */
  private final List<long[]> free = new ArrayList<>();

  /** An array of keys and how many chunks look into it; it is freed when the last one goes. */
  private static final class Owner {
    final long[] keys;
    int views;

    Owner(long[] keys) {
      this.keys = keys;
    }
  }

  /** Keys {@code [from, to)} (at least one) of the owner's array: sorted, duplicate-free. */
  private record Chunk(Owner owner, int from, int to) {
    long first() {
      return owner.keys[from];
    }

    long last() {
      return owner.keys[to - 1];
    }

    int length() {
      return to - from;
    }
  }

  /**
   * A sorted, duplicate-free run of keys as chunks in key order, each chunk's keys all below the
   * next one's; {@code size} is their total.
   */
  private record Run(List<Chunk> chunks, long size) {
    long first() {
      return chunks.get(0).first();
    }

    long last() {
      return chunks.get(chunks.size() - 1).last();
    }
  }

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
   * <p>The runs are read side by side, as a merge that writes nothing: each distinct key is the
   * smallest head among the runs' cursors, counted once and passed in every run that holds it. So
   * no array is made for the union (on 5 million distinct pairs, that merge had been 40 MB of
   * fresh, zeroed pages and a copy of every key), and the set keeps its runs as they are. With
   * {@code k} runs (at most about log2 of the keys over the buffer) a step costs {@code 2k}
   * compares and counts every key of the run with the smallest head that lies below all other
   * heads, in a tight loop: one key a step where the runs interleave (keys in no order), nearly
   * whole runs where they barely overlap (time-ordered input, whose cells are numbered day by day).
   */
  void countByHigh32(int[] counts) {
    if (buffered > 0) {
      flush();
    }
    Cursor[] live = new Cursor[runs.size()];
    int n = 0;
    for (Run run : runs) {
      live[n++] = new Cursor(run);
    }
    while (n > 1) {
      // The smallest head, and the smallest among the other runs' heads: the keys of the first
      // run below the second are in no other run and are counted in one tight loop (for
      // time-ordered input, whose runs barely overlap, nearly all of them).
      int best = 0;
      for (int c = 1; c < n; c++) {
        if (live[c].head() < live[best].head()) {
          best = c;
        }
      }
      long second = live[best == 0 ? 1 : 0].head();
      for (int c = 0; c < n; c++) {
        if (c != best && live[c].head() < second) {
          second = live[c].head();
        }
      }
      Cursor cursor = live[best];
      long min = cursor.head();
      if (min < second) {
        boolean more = true;
        while (more && cursor.head() < second) {
          counts[(int) (cursor.head() >>> 32)]++;
          more = cursor.advance();
        }
        if (!more) {
          live[best] = live[--n];
        }
        continue;
      }
      // The smallest key is in more than one run: counted once, passed in each.
      counts[(int) (min >>> 32)]++;
      for (int c = 0; c < n; ) {
        if (live[c].head() == min && !live[c].advance()) {
          live[c] = live[--n];
        } else {
          c++;
        }
      }
    }
    if (n == 1) {
      live[0].countRest(counts);
    }
  }

  /** A read position in a run: its chunks in order, each from its first key to its last. */
  private static final class Cursor {
    private final List<Chunk> chunks;
    private int chunk;
    private long[] keys;
    private int at;
    private int to;

    Cursor(Run run) {
      chunks = run.chunks();
      load();
    }

    private void load() {
      Chunk c = chunks.get(chunk);
      keys = c.owner().keys;
      at = c.from();
      to = c.to();
    }

    long head() {
      return keys[at];
    }

    /** Counts the head and every key after it in the run by its high 32 bits; uses the run up. */
    void countRest(int[] counts) {
      while (true) {
        for (int i = at; i < to; i++) {
          counts[(int) (keys[i] >>> 32)]++;
        }
        if (++chunk >= chunks.size()) {
          return;
        }
        load();
      }
    }

    /** Moves past the head; {@code false} once the run is used up (no head any more). */
    boolean advance() {
      if (++at < to) {
        return true;
      }
      if (++chunk < chunks.size()) {
        load();
        return true;
      }
      return false;
    }
  }

  /** Every distinct key, sorted, in an array of their number; merges everything into one run. */
  long[] merged() {
    Run all = mergeAll();
    if (all == null) {
      return new long[0];
    }
    long[] out = new long[Math.toIntExact(all.size())];
    int at = 0;
    for (Chunk chunk : all.chunks()) {
      System.arraycopy(chunk.owner().keys, chunk.from(), out, at, chunk.length());
      at += chunk.length();
    }
    return out;
  }

  /** Flushes the buffer and merges every run into one; that run, or {@code null} when empty. */
  private Run mergeAll() {
    if (buffered > 0) {
      flush();
    }
    while (runs.size() > 1) {
      mergeLastTwo();
    }
    return runs.isEmpty() ? null : runs.get(0);
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
        && runs.get(runs.size() - 2).size() < 2L * runs.get(runs.size() - 1).size()) {
      mergeLastTwo();
    }
  }

  private void mergeLastTwo() {
    Run b = runs.remove(runs.size() - 1);
    Run a = runs.remove(runs.size() - 1);
    runs.add(merge(a, b));
  }

  /**
   * The union of two runs. Where their key ranges overlap, {@code [lo, hi]}, each run's keys are
   * cut into those below, inside and above (a chunk that straddles {@code lo} or {@code hi} becomes
   * views of the same array, found by binary search); the keys inside are merged into one new chunk
   * (or, when only one run has keys inside, kept as they are); the keys below and above, which only
   * one of the runs can have on each side, are taken over without a copy.
   */
  private Run merge(Run a, Run b) {
    long lo = Math.max(a.first(), b.first());
    long hi = Math.min(a.last(), b.last());
    List<Chunk> out = new ArrayList<>(a.chunks().size() + b.chunks().size() + 1);
    if (lo > hi) {
      out.addAll(a.first() < b.first() ? a.chunks() : b.chunks());
      out.addAll(a.first() < b.first() ? b.chunks() : a.chunks());
      return new Run(out, a.size() + b.size());
    }
    List<Chunk> below = new ArrayList<>();
    List<Chunk> above = new ArrayList<>();
    List<Chunk> aInside = new ArrayList<>();
    List<Chunk> bInside = new ArrayList<>();
    cut(a, lo, hi, below, aInside, above);
    cut(b, lo, hi, below, bInside, above);
    out.addAll(below);
    if (aInside.isEmpty() || bInside.isEmpty()) {
      out.addAll(aInside);
      out.addAll(bInside);
    } else {
      long total = 0;
      for (Chunk c : aInside) {
        total += c.length();
      }
      for (Chunk c : bInside) {
        total += c.length();
      }
      Owner merged = new Owner(take(Math.toIntExact(total)));
      out.add(view(merged, 0, mergeChunks(aInside, bInside, merged.keys)));
      for (Chunk c : aInside) {
        release(c);
      }
      for (Chunk c : bInside) {
        release(c);
      }
    }
    out.addAll(above);
    long size = 0;
    for (Chunk chunk : out) {
      size += chunk.length();
    }
    return new Run(out, size);
  }

  /**
   * Sorts a run's chunks into those wholly below {@code lo}, those in {@code [lo, hi]} and those
   * wholly above {@code hi}, cutting a chunk that straddles a bound into views of its array.
   */
  private void cut(
      Run run, long lo, long hi, List<Chunk> below, List<Chunk> inside, List<Chunk> above) {
    for (Chunk c : run.chunks()) {
      if (c.last() < lo) {
        below.add(c);
      } else if (c.first() > hi) {
        above.add(c);
      } else if (c.first() >= lo && c.last() <= hi) {
        inside.add(c);
      } else {
        long[] keys = c.owner().keys;
        int p = c.first() < lo ? firstAtLeast(keys, c.from(), c.to(), lo) : c.from();
        int q = c.last() > hi ? firstAtLeast(keys, p, c.to(), hi + 1) : c.to();
        if (p > c.from()) {
          below.add(kept(c.owner(), c.from(), p));
        }
        if (q > p) {
          inside.add(view(c.owner(), p, q));
        }
        if (q < c.to()) {
          above.add(kept(c.owner(), q, c.to()));
        }
        release(c);
      }
    }
  }

  /**
   * A view to keep of part of an array: the view itself, or, when it would hold less than a quarter
   * of the array (whose rest is merged away), a copy in an array of its own, so that what a run
   * holds stays within a few times its keys.
   */
  private Chunk kept(Owner owner, int from, int to) {
    if ((long) (to - from) * 4 >= owner.keys.length) {
      return view(owner, from, to);
    }
    Owner copy = new Owner(take(to - from));
    System.arraycopy(owner.keys, from, copy.keys, 0, to - from);
    return view(copy, 0, to - from);
  }

  private static Chunk view(Owner owner, int from, int to) {
    owner.views++;
    return new Chunk(owner, from, to);
  }

  /** Drops a chunk; its array is free for reuse once no chunk looks into it. */
  private void release(Chunk c) {
    if (--c.owner().views == 0) {
      free.add(c.owner().keys);
    }
  }

  /** The first index in {@code keys[from, to)} (sorted) whose key is at least {@code key}. */
  private static int firstAtLeast(long[] keys, int from, int to, long key) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (keys[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Writes the union of two chunk sequences (each sorted and duplicate-free across its chunks) to
   * {@code out}, sorted and duplicate-free.
   *
   * @return the number of keys written
   */
  private static int mergeChunks(List<Chunk> a, List<Chunk> b, long[] out) {
    int k = 0;
    int ai = 0;
    int bi = 0;
    int i = a.get(0).from();
    int j = b.get(0).from();
    while (ai < a.size() && bi < b.size()) {
      long[] x = a.get(ai).owner().keys;
      int m = a.get(ai).to();
      long[] y = b.get(bi).owner().keys;
      int n = b.get(bi).to();
      while (i < m && j < n) {
        long u = x[i];
        long v = y[j];
        if (u < v) {
          out[k++] = u;
          i++;
        } else if (v < u) {
          out[k++] = v;
          j++;
        } else {
          out[k++] = u;
          i++;
          j++;
        }
      }
      if (i == m && ++ai < a.size()) {
        i = a.get(ai).from();
      }
      if (j == n && ++bi < b.size()) {
        j = b.get(bi).from();
      }
    }
    k = copyRest(a, ai, i, out, k);
    return copyRest(b, bi, j, out, k);
  }

  /** Copies chunk {@code from} of {@code chunks} from index {@code at}, and the chunks after it. */
  private static int copyRest(List<Chunk> chunks, int from, int at, long[] out, int k) {
    for (int c = from; c < chunks.size(); c++) {
      Chunk chunk = chunks.get(c);
      int start = c == from ? at : chunk.from();
      System.arraycopy(chunk.owner().keys, start, out, k, chunk.to() - start);
      k += chunk.to() - start;
    }
    return k;
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
    return new Run(List.of(view(new Owner(sorted), 0, unique)), unique);
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
}

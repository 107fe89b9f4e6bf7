package org.stormwatch.core.aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.ProbeSink;
import org.stormwatch.core.model.Protocol;

/**
 * Counts probes per cell (bucket, port, protocol): records, and exact distinct sources and targets.
 *
 * <p>Layout, chosen for the hot path (one call per probe, tens of millions of calls): each cell
 * gets a dense index on first sight (a primitive long-to-int table); its record count lives in a
 * plain array under that index. Distinct addresses are counted as distinct (cell index, address)
 * pairs: an IPv4 pair packs into one long and goes to a {@link DistinctKeys}, which appends it to a
 * buffer and sorts and merges in sequential passes, instead of a hash set whose every insert misses
 * the caches once the pairs number millions. The per-cell counts are made when the rows are asked
 * for. IPv6 pairs go to a boxed set of their own. Counts are exact; memory grows with cells and
 * distinct (cell, address) pairs, never with probes. Not thread-safe.
 */
public final class PortActivityAggregator implements ProbeSink {
  private final BucketSize bucket;
  private final long bucketNanos;

  private long[] indexKeys = new long[1 << 10];
  private int[] indexValues = new int[1 << 10];
  private int indexShift = 64 - 10;

  /** Per cell index (from 1): the cell key, records, and distinct IPv6 sources and targets. */
  private long[] cellKeys = new long[1 << 10];

  private long[] records = new long[1 << 10];
  private int[] v6Sources = new int[1 << 10];
  private int[] v6Targets = new int[1 << 10];
  private int cellCount;

  /** The distinct (cell, IPv4 address) pairs, the cell index in the high 32 bits. */
  private final DistinctKeys sourcePairs = new DistinctKeys();

  private final DistinctKeys targetPairs = new DistinctKeys();
  private final Set<V6Pair> v6Pairs = new HashSet<>();

  /**
   * The cells of the bucket that the last probe fell in, directly by port and protocol, so that
   * time-ordered input (the common case) skips the hash look-up. Two ints a slot: at {@code 2 *
   * slot} a cell index (0 for none), which is the current bucket's when it is at least {@link
   * #currentFirstCell}; at {@code 2 * slot + 1} the records counted there since the bucket became
   * current and not yet added to {@link #records}. The pair shares a cache line, so a probe reads
   * and writes one line at a random place (by port) instead of two (a slot and the cell's records):
   * those misses were a sixth of a netfilter report's time. The pending counts are added to {@link
   * #records} when the bucket changes (the slots touched are listed in {@link #touched}) and when
   * the rows are asked for.
   *
   * <p>Cells are numbered in order of first sight and, while a bucket is current, only its cells
   * are made; so an entry left from another bucket is below the bound, and moving to another bucket
   * (which raises the bound past every cell made so far) invalidates every entry at once. An entry
   * below the bound whose cell has the key sought is a bucket seen before (input out of time order,
   * or a second file of the same days): it is used as well, after that one compare.
   */
  private final int[] currentCells = new int[2 << 18];

  private int currentFirstCell = 1;

  /** The slots of {@link #currentCells} with pending records, {@link #touchedCount} of them. */
  private int[] touched = new int[1 << 10];

  private int touchedCount;

  private long currentBucket = Long.MIN_VALUE;

  /** The times (nanoseconds, inclusive) of {@link #currentBucket}; empty before the first probe. */
  private long currentFirst = 1;

  private long currentLast = 0;

  private record V6Pair(int cell, boolean source, long hi, long lo) {}

  public PortActivityAggregator(BucketSize bucket) {
    this.bucket = bucket;
    this.bucketNanos = bucket.seconds() * 1_000_000_000L;
  }

  @Override
  public void accept(Probe probe) {
    count(
        probe.timeNanos(),
        probe.srcHi(),
        probe.srcLo(),
        probe.dstHi(),
        probe.dstLo(),
        probe.dstPort(),
        probe.protocol());
  }

  /** The fields this aggregator reads, without a {@link Probe} object (see {@link ProbeSink}). */
  @Override
  public void acceptFields(
      long timeNanos,
      long srcHi,
      long srcLo,
      int srcPort,
      long dstHi,
      long dstLo,
      int dstPort,
      Protocol protocol,
      int tcpFlags,
      int ipLength,
      int ttl) {
    count(timeNanos, srcHi, srcLo, dstHi, dstLo, dstPort, protocol);
  }

  private void count(
      long time, long srcHi, long srcLo, long dstHi, long dstLo, int dstPort, Protocol protocol) {
    long bucketIndex;
    if (time >= currentFirst && time <= currentLast) {
      bucketIndex = currentBucket;
    } else {
      // A 64-bit division per probe was a few percent of a capture report: divide only on
      // leaving the bucket's time range.
      bucketIndex = Math.floorDiv(time, bucketNanos);
      currentFirst =
          bucketIndex == Math.floorDiv(Long.MIN_VALUE, bucketNanos)
              ? Long.MIN_VALUE
              : bucketIndex * bucketNanos;
      currentLast =
          bucketIndex == Math.floorDiv(Long.MAX_VALUE, bucketNanos)
              ? Long.MAX_VALUE
              : bucketIndex * bucketNanos + (bucketNanos - 1);
    }
    int portProtocol = (dstPort << 2) | protocol.ordinal();
    if (bucketIndex != currentBucket) {
      flushPending();
      currentBucket = bucketIndex;
      currentFirstCell = cellCount + 1;
    }
    int slot = portProtocol << 1;
    int cell = currentCells[slot];
    if (cell < currentFirstCell) {
      long key = (bucketIndex << 18) | portProtocol;
      if (cell == 0 || cellKeys[cell] != key) {
        cell = cellOf(key);
        currentCells[slot] = cell;
      }
    }
    int pending = currentCells[slot + 1];
    if (pending == 0) {
      if (touchedCount == touched.length) {
        touched = Arrays.copyOf(touched, touchedCount * 2);
      }
      touched[touchedCount++] = slot;
    } else if (pending == Integer.MAX_VALUE) {
      records[cell] += pending;
      pending = 0;
    }
    currentCells[slot + 1] = pending + 1;
    long cellBits = (long) cell << 32;
    if (IpAddresses.isV4(srcHi, srcLo)) {
      sourcePairs.add(cellBits | IpAddresses.v4(srcLo));
    } else if (v6Pairs.add(new V6Pair(cell, true, srcHi, srcLo))) {
      v6Sources[cell]++;
    }
    if (IpAddresses.isV4(dstHi, dstLo)) {
      targetPairs.add(cellBits | IpAddresses.v4(dstLo));
    } else if (v6Pairs.add(new V6Pair(cell, false, dstHi, dstLo))) {
      v6Targets[cell]++;
    }
  }

  /** Adds the pending records of every touched slot to {@link #records}; leaves none pending. */
  private void flushPending() {
    for (int i = 0; i < touchedCount; i++) {
      int slot = touched[i];
      records[currentCells[slot]] += currentCells[slot + 1];
      currentCells[slot + 1] = 0;
    }
    touchedCount = 0;
  }

  /** The cell's index (from 1), made on first sight. */
  private int cellOf(long key) {
    int mask = indexKeys.length - 1;
    int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> indexShift);
    while (indexValues[slot] != 0) {
      if (indexKeys[slot] == key) {
        return indexValues[slot];
      }
      slot = (slot + 1) & mask;
    }
    int cell = ++cellCount;
    if (cell >= cellKeys.length) {
      int n = cellKeys.length * 2;
      cellKeys = Arrays.copyOf(cellKeys, n);
      records = Arrays.copyOf(records, n);
      v6Sources = Arrays.copyOf(v6Sources, n);
      v6Targets = Arrays.copyOf(v6Targets, n);
    }
    cellKeys[cell] = key;
    indexKeys[slot] = key;
    indexValues[slot] = cell;
    if (cellCount > indexKeys.length >>> 1) {
      growIndex();
    }
    return cell;
  }

  private void growIndex() {
    long[] oldKeys = indexKeys;
    int[] oldValues = indexValues;
    indexKeys = new long[oldKeys.length * 2];
    indexValues = new int[oldValues.length * 2];
    indexShift--;
    int mask = indexKeys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != 0) {
        int slot = (int) ((oldKeys[i] * 0x9E3779B97F4A7C15L) >>> indexShift);
        while (indexValues[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        indexKeys[slot] = oldKeys[i];
        indexValues[slot] = oldValues[i];
      }
    }
  }

  /** The rows, ordered by bucket start, then by records (most first), then port and protocol. */
  public List<PortActivity> rows() {
    flushPending();
    int[] sources = Arrays.copyOf(v6Sources, cellCount + 1);
    int[] targets = Arrays.copyOf(v6Targets, cellCount + 1);
    sourcePairs.countByHigh32(sources);
    targetPairs.countByHigh32(targets);
    int[] order = new int[cellCount];
    for (int i = 0; i < cellCount; i++) {
      order[i] = i + 1;
    }
    mergeSort(order, new int[cellCount], 0, cellCount);
    List<PortActivity> rows = new ArrayList<>(cellCount);
    Protocol[] protocols = Protocol.values();
    Instant start = null;
    for (int cell : order) {
      long key = cellKeys[cell];
      long startSecond = (key >> 18) * bucket.seconds();
      if (start == null || start.getEpochSecond() != startSecond) {
        start = Instant.ofEpochSecond(startSecond);
      }
      rows.add(
          new PortActivity(
              start,
              (int) ((key >>> 2) & 0xffff),
              protocols[(int) (key & 3)],
              records[cell],
              sources[cell],
              targets[cell]));
    }
    return rows;
  }

  /**
   * Sorts {@code cells[from, to)} into row order, stably, with {@code scratch} as room: a plain
   * top-down merge sort on the int indices (hundreds of thousands of rows; boxing each index for a
   * comparator sort cost more than the sort itself).
   */
  private void mergeSort(int[] cells, int[] scratch, int from, int to) {
    if (to - from < 2) {
      return;
    }
    int middle = (from + to) >>> 1;
    mergeSort(cells, scratch, from, middle);
    mergeSort(cells, scratch, middle, to);
    if (!before(cells[middle], cells[middle - 1])) {
      return;
    }
    System.arraycopy(cells, from, scratch, from, to - from);
    int i = from;
    int j = middle;
    for (int k = from; k < to; k++) {
      if (j >= to || (i < middle && !before(scratch[j], scratch[i]))) {
        cells[k] = scratch[i++];
      } else {
        cells[k] = scratch[j++];
      }
    }
  }

  /** Whether cell {@code a}'s row comes strictly before cell {@code b}'s. */
  private boolean before(int a, int b) {
    long bucketA = cellKeys[a] >> 18;
    long bucketB = cellKeys[b] >> 18;
    if (bucketA != bucketB) {
      return bucketA < bucketB;
    }
    if (records[a] != records[b]) {
      return records[a] > records[b];
    }
    // Port in bits 2..17, protocol in bits 0..1: the key's low bits order both at once.
    return (cellKeys[a] & 0x3ffff) < (cellKeys[b] & 0x3ffff);
  }

  public BucketSize bucket() {
    return bucket;
  }
}

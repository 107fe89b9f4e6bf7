package org.stormwatch.core.probe;

/**
 * Tells a UDP reply from an unsolicited datagram: a datagram is a reply when the reverse
 * address/port pair was seen at most {@link #WINDOW_NANOS} (120 s) earlier in the input. Every
 * datagram, reply or not, refreshes its own pair.
 *
 * <p>Exactly: a datagram at time t is a reply if the reverse pair was last seen at t' with {@code t
 * - t' <= 120 s} and {@code newest - t' <= 120 s}, newest being the latest time seen so far (the
 * second condition lets old pairs be forgotten even when capture times go backwards, and makes the
 * result independent of when they are).
 *
 * <p>How old pairs are forgotten: by generations, not by scanning. Time is cut into epochs of the
 * window's length, by {@code newest}; pairs are written to the current epoch's table, and looked up
 * there, then in the previous epoch's. When {@code newest} enters the next epoch the previous table
 * is dropped whole and the current one becomes the previous: every pair in the dropped table was
 * written while {@code newest} was two epochs back, so {@code t' < newest - 120 s} for good and no
 * live pair is lost. A pair in both tables was written last in the current one, which is looked up
 * first. Each table is open addressing over flat long arrays (no object per flow), its entries
 * stamped with the table's generation, so that dropping a table is a new stamp, not a pass over its
 * memory (a pass per refill was a tenth of a capture report's classifying time). Memory is bounded
 * by the pairs seen in two windows.
 */
final class UdpReplyTracker {
  static final long WINDOW_NANOS = 120_000_000_000L;
  private static final int STRIDE = 6;
  private static final int INITIAL_CAPACITY = 1 << 10;

  /**
   * One epoch's pairs: entries of {@link #STRIDE} longs, the stamp in the ports word's high half.
   */
  private static final class Table {
    long[] entries;
    int mask;
    int size;

    /**
     * Entries with another stamp are free. Stamps only increase, once per epoch that {@code newest}
     * enters (at most about 1.5e8 of them in the long range of nanoseconds), so an int never wraps.
     */
    long stamp;

    Table(int capacity) {
      entries = new long[capacity * STRIDE];
      mask = capacity - 1;
    }
  }

  private Table current = new Table(INITIAL_CAPACITY);
  private Table previous = new Table(INITIAL_CAPACITY);
  private boolean previousEmpty = true;
  private int stamps = 1;
  private long newest = Long.MIN_VALUE;
  private long epoch = Math.floorDiv(Long.MIN_VALUE, WINDOW_NANOS);

  UdpReplyTracker() {
    current.stamp = (long) stamps << 32;
  }

  /** Records the datagram and tells whether it answers one seen in the reverse direction. */
  boolean recordAndCheckReply(
      long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort, long time) {
    if (time > newest) {
      newest = time;
      long e = Math.floorDiv(time, WINDOW_NANOS);
      if (e != epoch) {
        advance(e);
      }
    }
    long reversePorts = ports(dstPort, srcPort);
    long h = hash(dstHi, dstLo, srcHi, srcLo, reversePorts);
    int reverse = find(current, h, dstHi, dstLo, srcHi, srcLo, reversePorts);
    long seen;
    if (reverse >= 0) {
      seen = current.entries[reverse + 5];
    } else if (!previousEmpty
        && (reverse = find(previous, h, dstHi, dstLo, srcHi, srcLo, reversePorts)) >= 0) {
      seen = previous.entries[reverse + 5];
    } else {
      seen = 0;
      reverse = -1;
    }
    boolean reply = reverse >= 0 && within(time, seen) && within(newest, seen);
    long forwardPorts = ports(srcPort, dstPort);
    put(
        srcHi,
        srcLo,
        dstHi,
        dstLo,
        forwardPorts,
        hash(srcHi, srcLo, dstHi, dstLo, forwardPorts),
        time);
    return reply;
  }

  /** The pairs held, current and previous epoch (a pair in both counts twice). */
  int size() {
    return current.size + (previousEmpty ? 0 : previous.size);
  }

  /** {@code newest} entered epoch {@code e}, later than {@link #epoch}. */
  private void advance(long e) {
    Table dropped = previous;
    if (e == epoch + 1) {
      previous = current;
      previousEmpty = false;
    } else {
      // Two or more epochs on: the current table's pairs are too old as well.
      dropped = current;
      previousEmpty = true;
    }
    current = dropped;
    current.size = 0;
    current.stamp = (long) ++stamps << 32;
    epoch = e;
  }

  private static long ports(int from, int to) {
    return ((long) from << 16) | to;
  }

  /**
   * Whether {@code later - earlier <= WINDOW_NANOS} in exact arithmetic: times can be anywhere in
   * the long range (pcapng offsets and resolutions), where the plain difference overflows.
   */
  private static boolean within(long later, long earlier) {
    if (later <= earlier) {
      return true;
    }
    long difference = later - earlier;
    return difference > 0 && difference <= WINDOW_NANOS;
  }

  /** The index in the table's entries of the pair's entry, or -1. */
  private static int find(Table t, long h, long aHi, long aLo, long bHi, long bLo, long ports) {
    long[] e = t.entries;
    long word = t.stamp | ports;
    int slot = (int) h & t.mask;
    while (true) {
      int i = slot * STRIDE;
      long w = e[i + 4];
      if ((w & ~0xffff_ffffL) != t.stamp) {
        return -1;
      }
      if (w == word && e[i] == aHi && e[i + 1] == aLo && e[i + 2] == bHi && e[i + 3] == bLo) {
        return i;
      }
      slot = (slot + 1) & t.mask;
    }
  }

  private void put(long aHi, long aLo, long bHi, long bLo, long ports, long h, long time) {
    Table t = current;
    long[] e = t.entries;
    long word = t.stamp | ports;
    int slot = (int) h & t.mask;
    while (true) {
      int i = slot * STRIDE;
      long w = e[i + 4];
      if ((w & ~0xffff_ffffL) != t.stamp) {
        store(e, i, aHi, aLo, bHi, bLo, word, time);
        if (++t.size > (t.mask + 1) / 2) {
          grow(t);
        }
        return;
      }
      if (w == word && e[i] == aHi && e[i + 1] == aLo && e[i + 2] == bHi && e[i + 3] == bLo) {
        e[i + 5] = time;
        return;
      }
      slot = (slot + 1) & t.mask;
    }
  }

  private static void store(
      long[] e, int i, long aHi, long aLo, long bHi, long bLo, long word, long time) {
    e[i] = aHi;
    e[i + 1] = aLo;
    e[i + 2] = bHi;
    e[i + 3] = bLo;
    e[i + 4] = word;
    e[i + 5] = time;
  }

  /** Doubles the table, keeping its entries and its stamp. */
  private static void grow(Table t) {
    long[] old = t.entries;
    t.entries = new long[old.length * 2];
    t.mask = t.mask * 2 + 1;
    for (int i = 0; i < old.length; i += STRIDE) {
      if ((old[i + 4] & ~0xffff_ffffL) == t.stamp) {
        long ports = old[i + 4] & 0xffff_ffffL;
        int slot = (int) hash(old[i], old[i + 1], old[i + 2], old[i + 3], ports) & t.mask;
        while ((t.entries[slot * STRIDE + 4] & ~0xffff_ffffL) == t.stamp) {
          slot = (slot + 1) & t.mask;
        }
        store(
            t.entries,
            slot * STRIDE,
            old[i],
            old[i + 1],
            old[i + 2],
            old[i + 3],
            old[i + 4],
            old[i + 5]);
      }
    }
  }

  private static long hash(long aHi, long aLo, long bHi, long bLo, long ports) {
    long h = aLo * 0x9E3779B97F4A7C15L;
    h ^= Long.rotateLeft(bLo * 0xC2B2AE3D27D4EB4FL, 29);
    h ^= ports * 0x165667B19E3779F9L;
    h ^= aHi * 0x27D4EB2F165667C5L ^ Long.rotateLeft(bHi, 17);
    h ^= h >>> 32;
    h *= 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    return h;
  }
}

package org.stormwatch.core.probe;

/**
 * Tells a UDP reply from an unsolicited datagram: a datagram is a reply when the reverse
 * address/port pair was seen at most {@link #WINDOW_NANOS} (120 s) earlier in the input. Every
 * datagram, reply or not, refreshes its own pair.
 *
 * <p>Exactly: a datagram at time t is a reply if the reverse pair was last seen at t' with {@code t
 * - t' <= 120 s} and {@code newest - t' <= 120 s}, newest being the latest time seen so far (the
 * second condition lets old pairs be forgotten even when capture times go backwards, and makes the
 * result independent of when they are). Memory is bounded by the pairs active within the window: an
 * open-addressing table of flat long arrays (no object per flow) that drops expired pairs when it
 * fills and only grows when the live pairs still fill half of it.
 */
final class UdpReplyTracker {
  static final long WINDOW_NANOS = 120_000_000_000L;
  private static final int STRIDE = 6;

  /**
   * Marks a free slot in the ports word (index 4), which is otherwise two 16-bit ports and never
   * negative: any long, {@code Long.MIN_VALUE} included, is a valid time.
   */
  private static final long FREE = -1L;

  private long[] table;
  private int mask;
  private int size;
  private long newest = Long.MIN_VALUE;

  UdpReplyTracker() {
    allocate(1 << 12);
  }

  /** Records the datagram and tells whether it answers one seen in the reverse direction. */
  boolean recordAndCheckReply(
      long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort, long time) {
    if (time > newest) {
      newest = time;
    }
    int reverse = find(dstHi, dstLo, srcHi, srcLo, ports(dstPort, srcPort));
    boolean reply =
        reverse >= 0 && within(time, table[reverse + 5]) && within(newest, table[reverse + 5]);
    put(srcHi, srcLo, dstHi, dstLo, ports(srcPort, dstPort), time);
    return reply;
  }

  int size() {
    return size;
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

  /** The index in {@link #table} of the pair's entry, or -1. */
  private int find(long aHi, long aLo, long bHi, long bLo, long ports) {
    int slot = slot(aHi, aLo, bHi, bLo, ports);
    while (true) {
      int i = slot * STRIDE;
      if (table[i + 4] == FREE) {
        return -1;
      }
      if (table[i] == aHi
          && table[i + 1] == aLo
          && table[i + 2] == bHi
          && table[i + 3] == bLo
          && table[i + 4] == ports) {
        return i;
      }
      slot = (slot + 1) & mask;
    }
  }

  private void put(long aHi, long aLo, long bHi, long bLo, long ports, long time) {
    int slot = slot(aHi, aLo, bHi, bLo, ports);
    while (true) {
      int i = slot * STRIDE;
      if (table[i + 4] == FREE) {
        store(i, aHi, aLo, bHi, bLo, ports, time);
        if (++size > (mask + 1) / 2) {
          rebuild();
        }
        return;
      }
      if (table[i] == aHi
          && table[i + 1] == aLo
          && table[i + 2] == bHi
          && table[i + 3] == bLo
          && table[i + 4] == ports) {
        table[i + 5] = time;
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  private void store(int i, long aHi, long aLo, long bHi, long bLo, long ports, long time) {
    table[i] = aHi;
    table[i + 1] = aLo;
    table[i + 2] = bHi;
    table[i + 3] = bLo;
    table[i + 4] = ports;
    table[i + 5] = time;
  }

  /** Drops expired pairs; doubles the table only if the live ones still fill a quarter of it. */
  private void rebuild() {
    long[] old = table;
    int live = 0;
    for (int i = 0; i < old.length; i += STRIDE) {
      if (old[i + 4] != FREE && within(newest, old[i + 5])) {
        live++;
      }
    }
    int capacity = mask + 1;
    while (live > capacity / 4) {
      capacity *= 2;
    }
    allocate(capacity);
    for (int i = 0; i < old.length; i += STRIDE) {
      if (old[i + 4] != FREE && within(newest, old[i + 5])) {
        int slot = slot(old[i], old[i + 1], old[i + 2], old[i + 3], old[i + 4]);
        while (table[slot * STRIDE + 4] != FREE) {
          slot = (slot + 1) & mask;
        }
        store(slot * STRIDE, old[i], old[i + 1], old[i + 2], old[i + 3], old[i + 4], old[i + 5]);
        size++;
      }
    }
  }

  private void allocate(int capacity) {
    table = new long[capacity * STRIDE];
    for (int i = 4; i < table.length; i += STRIDE) {
      table[i] = FREE;
    }
    mask = capacity - 1;
    size = 0;
  }

  private int slot(long aHi, long aLo, long bHi, long bLo, long ports) {
    long h = aLo * 0x9E3779B97F4A7C15L;
    h ^= Long.rotateLeft(bLo * 0xC2B2AE3D27D4EB4FL, 29);
    h ^= ports * 0x165667B19E3779F9L;
    h ^= aHi * 0x27D4EB2F165667C5L ^ Long.rotateLeft(bHi, 17);
    h ^= h >>> 32;
    h *= 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    return (int) h & mask;
  }
}

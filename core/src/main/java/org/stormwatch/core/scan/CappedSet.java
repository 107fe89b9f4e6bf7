package org.stormwatch.core.scan;

/**
 * A set of longs that stops growing at a cap: open addressing with linear probing in one array,
 * grown by doubling from 8 slots and at most half full, so it costs 16 bytes per element at most
 * and little for the many sources that touch few targets. Past the cap new elements are refused and
 * {@link #saturated()} says so: counts are then lower bounds.
 */
final class CappedSet {
  private static final long EMPTY = 0;
  private final int cap;
  private long[] slots = new long[8];
  private int size;
  private boolean saturated;

  CappedSet(int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("cap must be at least 1, not " + cap);
    }
    this.cap = cap;
  }

  /** Adds the key; returns whether it was absent and is now in the set. */
  boolean add(long key) {
    long k = key == EMPTY ? Long.MIN_VALUE + 1 : key;
    int mask = slots.length - 1;
    int i = (int) ((k * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    while (slots[i] != EMPTY) {
      if (slots[i] == k) {
        return false;
      }
      i = (i + 1) & mask;
    }
    if (size >= cap) {
      saturated = true;
      return false;
    }
    slots[i] = k;
    if (++size * 2 > slots.length) {
      grow();
    }
    return true;
  }

  int size() {
    return size;
  }

  boolean full() {
    return size >= cap;
  }

  /** Whether an element was refused because the set was full. */
  boolean saturated() {
    return saturated;
  }

  void clear() {
    slots = new long[8];
    size = 0;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length - 1;
    for (long k : old) {
      if (k != EMPTY) {
        int i = (int) ((k * 0x9E3779B97F4A7C15L) >>> 40) & mask;
        while (slots[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        slots[i] = k;
      }
    }
  }
}

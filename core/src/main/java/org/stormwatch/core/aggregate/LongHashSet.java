package org.stormwatch.core.aggregate;

/**
 * A set of non-zero longs: open addressing with linear probing in one long array (0 marks an empty
 * slot), Fibonacci hashing (the high bits of the key times 2^64/phi), at most half full. One array
 * access per look-up in the common case, which is what matters when the set is larger than the
 * caches.
 */
final class LongHashSet {
  private long[] slots;
  private int shift;
  private int size;

  LongHashSet() {
    this(10);
  }

  /** A set that starts with 2^lgSlots slots (at least 2). */
  LongHashSet(int lgSlots) {
    if (lgSlots < 1 || lgSlots > 30) {
      throw new IllegalArgumentException("lgSlots " + lgSlots);
    }
    slots = new long[1 << lgSlots];
    shift = 64 - lgSlots;
  }

  /**
   * Adds a key, which must not be 0.
   *
   * @return whether it was new
   */
  boolean add(long key) {
    long[] s = slots;
    int mask = s.length - 1;
    int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    long found;
    while ((found = s[slot]) != 0) {
      if (found == key) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    s[slot] = key;
    if (++size > s.length >>> 1) {
      grow();
    }
    return true;
  }

  int size() {
    return size;
  }

  /** The keys, in no particular order. */
  long[] toArray() {
    long[] out = new long[size];
    int n = 0;
    for (long key : slots) {
      if (key != 0) {
        out[n++] = key;
      }
    }
    return out;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    shift--;
    int mask = slots.length - 1;
    for (long key : old) {
      if (key != 0) {
        int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
        while (slots[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = key;
      }
    }
  }
}

package org.stormwatch.core.aggregate;

/**
 * An exact set of IP addresses (two longs each, see {@code IpAddresses}), open addressing with
 * linear probing in one flat long array: no object per address, 16 bytes per slot, at most half
 * full. Exact distinct counts for the port report; the mergeable sketch for large counts belongs to
 * the store.
 */
final class AddressSet {
  private long[] slots;
  private boolean[] used;
  private int mask;
  private int size;

  AddressSet() {
    this(8);
  }

  AddressSet(int expected) {
    int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    slots = new long[capacity * 2];
    used = new boolean[capacity];
    mask = capacity - 1;
  }

  /** Adds the address; returns whether it was new. */
  boolean add(long hi, long lo) {
    int slot = slot(hi, lo);
    while (used[slot]) {
      if (slots[2 * slot] == hi && slots[2 * slot + 1] == lo) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    used[slot] = true;
    slots[2 * slot] = hi;
    slots[2 * slot + 1] = lo;
    if (++size > (mask + 1) / 2) {
      grow();
    }
    return true;
  }

  boolean contains(long hi, long lo) {
    int slot = slot(hi, lo);
    while (used[slot]) {
      if (slots[2 * slot] == hi && slots[2 * slot + 1] == lo) {
        return true;
      }
      slot = (slot + 1) & mask;
    }
    return false;
  }

  int size() {
    return size;
  }

  /** Adds every address of another set. */
  void addAll(AddressSet other) {
    for (int i = 0; i < other.used.length; i++) {
      if (other.used[i]) {
        add(other.slots[2 * i], other.slots[2 * i + 1]);
      }
    }
  }

  private void grow() {
    long[] oldSlots = slots;
    boolean[] oldUsed = used;
    int capacity = (mask + 1) * 2;
    slots = new long[capacity * 2];
    used = new boolean[capacity];
    mask = capacity - 1;
    size = 0;
    for (int i = 0; i < oldUsed.length; i++) {
      if (oldUsed[i]) {
        add(oldSlots[2 * i], oldSlots[2 * i + 1]);
      }
    }
  }

  private int slot(long hi, long lo) {
    long h = (lo ^ Long.rotateLeft(hi, 31)) * 0x9E3779B97F4A7C15L;
    h ^= h >>> 32;
    h *= 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 29;
    return (int) h & mask;
  }
}

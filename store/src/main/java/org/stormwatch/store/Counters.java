package org.stormwatch.store;

import org.stormwatch.core.aggregate.DistinctCounter;

/** Reading stored distinct counters, with the row named when one is corrupt. */
final class Counters {
  private Counters() {}

  static DistinctCounter decode(byte[] bytes, String where) {
    try {
      return DistinctCounter.fromBytes(bytes);
    } catch (IllegalArgumentException e) {
      throw new StoreException(where + ": " + e.getMessage(), e);
    }
  }

  /** A count that can never exceed the records it was counted from (an HLL estimate could). */
  static long clamp(long estimate, long records) {
    return Math.min(estimate, records);
  }
}

package org.stormwatch.core.scan;

import org.stormwatch.core.model.IpAddresses;

/** An IPv4 or IPv6 address as {@link IpAddresses} stores it (two longs); a map key. */
public record Address(long hi, long lo) {
  /** Parses a textual address; throws {@link IllegalArgumentException} naming it if malformed. */
  public static Address parse(String text) {
    long[] a = IpAddresses.parse(text);
    return new Address(a[0], a[1]);
  }

  /** A 64-bit mix of the address, for the capped distinct sets (collisions ~ n^2 / 2^65). */
  long hash() {
    long h = hi * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(lo * 0xC2B2AE3D27D4EB4FL, 31);
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    return h ^ (h >>> 32);
  }

  @Override
  public String toString() {
    return IpAddresses.format(hi, lo);
  }
}

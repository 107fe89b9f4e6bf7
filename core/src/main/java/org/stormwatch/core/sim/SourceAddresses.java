package org.stormwatch.core.sim;

/**
 * Gives each source number a distinct IPv4 address in 64.0.0.0/3, scattered as on the Internet.
 * What: a bijection on 29-bit numbers (xor with a seed-derived key, then two rounds of
 * multiply-by-odd and xor-shift, each invertible modulo 2^29), added to 64.0.0.0. Why: the
 * generator must hand out NEW sources to outbreaks that no background source ever was, without a
 * set of used addresses: numbering sources (background 0..n-1, heavy hitters next, outbreak sources
 * after them) and mapping numbers through a bijection makes distinct numbers distinct addresses by
 * construction. Bounds: 2^29 (536,870,912) sources per scenario.
 */
final class SourceAddresses {
  static final long CAPACITY = 1L << Background.SOURCE_SPACE_BITS;
  private static final int MASK = (int) (CAPACITY - 1);

  private final int key;

  SourceAddresses(long seed) {
    this.key = (int) (seed ^ (seed >>> 29) ^ 0x1b87_3593) & MASK;
  }

  /** The address (a big-endian int) of source number {@code n}, {@code 0 <= n < CAPACITY}. */
  int address(long n) {
    if (n < 0 || n >= CAPACITY) {
      throw new IllegalStateException(
          "the scenario needs more than " + CAPACITY + " distinct sources");
    }
    int x = ((int) n ^ key) & MASK;
    x = (x * 0x2c1b_3c6d) & MASK;
    x ^= x >>> 15;
    x = (x * 0x297a_2d39) & MASK;
    x ^= x >>> 13;
    return Background.SOURCE_SPACE | x;
  }
}

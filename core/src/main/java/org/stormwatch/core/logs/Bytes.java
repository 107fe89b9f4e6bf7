package org.stormwatch.core.logs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Searches and number reads on a log line's bytes, in place, for the hot paths (line ends,
 * netfilter fields). No String and no {@link CharSequence}: under the launcher's C1-only JIT an
 * interface call per character costs more than the parse itself.
 *
 * <p>{@link #indexOf} looks at eight bytes at a time (SWAR): with {@code x} the word XOR the byte
 * sought in every lane, {@code (x - 0x0101..01) & ~x & 0x8080..80} is non-zero iff a lane of {@code
 * x} is zero, and its lowest set bit marks the first such lane exactly (a borrow can only flag
 * lanes above a true zero, never below it; Hacker's Delight, 6-1). The word is read little-endian
 * so that the lowest lane is the byte at the lowest index. On a 238 MB netfilter log this found the
 * line ends 3-4x faster than a byte loop (C1, one core).
 */
final class Bytes {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101_0101_0101_0101L;
  private static final long HIGHS = 0x8080_8080_8080_8080L;
  private static final long LOWS = 0x7f7f_7f7f_7f7f_7f7fL;
  private static final long ZEROS = 0x3030_3030_3030_3030L;

  private Bytes() {}

  /** The eight-lane pattern {@link #indexOf} takes for one byte value. */
  static long lanes(byte value) {
    return (value & 0xffL) * ONES;
  }

  /**
   * The index of the first byte in {@code b[from, to)} equal to the byte in every lane of {@code
   * pattern} (see {@link #lanes}), or -1.
   */
  static int indexOf(byte[] b, int from, int to, long pattern) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(b, i) ^ pattern;
      long found = (x - ONES) & ~x & HIGHS;
      if (found != 0) {
        return i + firstLane(found);
      }
    }
    byte target = (byte) pattern;
    for (; i < to; i++) {
      if (b[i] == target) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The index of the first byte in {@code b[from, to)} equal to the byte of {@code pattern} or to
   * that of {@code other} (see {@link #lanes}), or -1. The lowest flag of either mask is exact, so
   * the lowest flag of both together is too.
   */
  static int indexOfEither(byte[] b, int from, int to, long pattern, long other) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = (long) LONGS.get(b, i);
      long x = w ^ pattern;
      long y = w ^ other;
      long found = ((x - ONES) & ~x | (y - ONES) & ~y) & HIGHS;
      if (found != 0) {
        return i + firstLane(found);
      }
    }
    byte target = (byte) pattern;
    byte second = (byte) other;
    for (; i < to; i++) {
      if (b[i] == target || b[i] == second) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The eight bytes at {@code b[i, i + 8)} as one little-endian word (the byte at {@code i} in the
   * lowest lane); {@code i + 8} must not pass the array's end.
   */
  static long word(byte[] b, int i) {
    return (long) LONGS.get(b, i);
  }

  /**
   * The lanes of {@code word} that hold the byte in every lane of {@code pattern}, as a mask with
   * the high bit of each such lane set; exact for the lowest such lane (see the class comment),
   * which is all that {@link #firstLane} reads.
   */
  static long matches(long word, long pattern) {
    long x = word ^ pattern;
    return (x - ONES) & ~x & HIGHS;
  }

  /**
   * The lanes of {@code word} whose byte is below the byte in every lane of {@code bound} (at most
   * 0x80; bytes from 0x80 up are never below), as a mask like {@link #matches}: exact for the
   * lowest such lane (a borrow only runs upwards from a lane that is below; Hacker's Delight, 6-1).
   */
  static long below(long word, long bound) {
    return (word - bound) & ~word & HIGHS;
  }

  /**
   * Every lane of {@code word} that holds the byte in every lane of {@code pattern} (see {@link
   * #lanes}), with the high bit of each such lane set: exact in every lane, unlike {@link
   * #matches}, so that the flags can be taken lowest first, one after another. A lane of {@code x =
   * word ^ pattern} is zero iff adding {@code 0x7f} to its low seven bits leaves its high bit clear
   * and its own high bit is clear; the sum never carries into the next lane (Hacker's Delight,
   * 6-1).
   */
  static long equalLanes(long word, long pattern) {
    long x = word ^ pattern;
    return ~(((x & LOWS) + LOWS) | x) & HIGHS;
  }

  /**
   * The index of the lowest lane flagged in a non-zero {@link #matches} mask. Not {@link
   * Long#numberOfTrailingZeros}: C1 compiles that to a call. Isolating the lowest flag and moving
   * it to bit 0 of its lane leaves {@code 1 << 8k}; multiplying by the lanes {@code 7, 6, ..., 0}
   * shifts them up by {@code k} lanes, which puts lane value {@code k} in the top byte.
   */
  static int firstLane(long found) {
    return (int) ((((found & -found) >>> 7) * 0x0001_0203_0405_0607L) >>> 56);
  }

  /** Whether {@code a[ai, ai + n)} and {@code b[bi, bi + n)} hold the same bytes. */
  static boolean equals(byte[] a, int ai, byte[] b, int bi, int n) {
    // Eight bytes at a time: Arrays.equals on a range is no intrinsic for C1, and slower here.
    int k = 0;
    for (; k + 8 <= n; k += 8) {
      if ((long) LONGS.get(a, ai + k) != (long) LONGS.get(b, bi + k)) {
        return false;
      }
    }
    for (; k < n; k++) {
      if (a[ai + k] != b[bi + k]) {
        return false;
      }
    }
    return true;
  }

  /**
   * A decimal number of one to nine ASCII digits filling {@code b[from, to)}, or -1.
   *
   * <p>Up to eight digits with eight bytes readable from {@code from} are read as one word (SWAR,
   * no branch per digit, whose loop exit a byte loop mispredicts as lengths vary): shifted so that
   * the digits fill its top lanes (zero lanes below act as leading zeros), less {@code '0'} in
   * each; every lane must then be 0 to 9 (a lane below {@code '0'} borrows and shows a high bit, as
   * does one above {@code '9'} once 0x76 is added); three multiplies join the lanes into pairs,
   * quads and the number (the byte at {@code from} most significant).
   */
  static int number(byte[] b, int from, int to) {
    int n = to - from;
    if (n <= 0 || n > 8 || from > b.length - 8) {
      return numberLoop(b, from, to);
    }
    int shift = (8 - n) << 3;
    long digits = ((long) LONGS.get(b, from) << shift) - (ZEROS << shift);
    if ((((digits + 0x7676_7676_7676_7676L) | digits) & HIGHS) != 0) {
      return -1;
    }
    digits = (digits * 10 + (digits >>> 8)) & 0x00ff_00ff_00ff_00ffL;
    digits = (digits * 100 + (digits >>> 16)) & 0x0000_ffff_0000_ffffL;
    return (int) (digits * 10_000 + (digits >>> 32));
  }

  /** {@link #number} one byte at a time: any length, and the last bytes of an array. */
  static int numberLoop(byte[] b, int from, int to) {
    if (from >= to || to - from > 9) {
      return -1;
    }
    int v = 0;
    for (int i = from; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * A dotted quad filling {@code b[from, to)} as an unsigned 32-bit value, or -1; the same rules as
   * {@link org.stormwatch.core.model.IpAddresses#parseV4(CharSequence, int, int)} (four non-empty
   * decimal octets up to 255, leading zeros allowed, nothing else).
   */
  static long ipv4(byte[] b, int from, int to) {
    // The common case without a branch per digit: each octet's up to three digits are read at
    // once, told digits or not by arithmetic (digit() is 0 or 1), and its value and length made
    // from them. Anything else (more than three digits, a bad byte, the array's end near) is left
    // to the byte loop, which decides.
    if (to > b.length - 3 || from >= to) {
      return ipv4Loop(b, from, to);
    }
    long result = 0;
    int i = from;
    for (int octet = 0; octet < 4; octet++) {
      int c0 = b[i] - '0';
      int c1 = b[i + 1] - '0';
      int c2 = b[i + 2] - '0';
      int d1 = digit(c1) & ((i + 1 - to) >>> 31);
      int d2 = d1 & digit(c2) & ((i + 2 - to) >>> 31);
      int v = c0 + d1 * (9 * c0 + c1);
      v += d2 * (9 * v + c2);
      int end = i + 1 + d1 + d2;
      if (digit(c0) == 0 || v > 255) {
        return ipv4Loop(b, from, to);
      }
      result = (result << 8) | v;
      if (octet < 3) {
        if (end >= to || b[end] != '.') {
          return ipv4Loop(b, from, to);
        }
        i = end + 1;
        if (i >= to) {
          return ipv4Loop(b, from, to);
        }
      } else if (end != to) {
        return ipv4Loop(b, from, to);
      }
    }
    return result;
  }

  /** 1 when {@code c}, a byte less {@code '0'}, is a decimal digit, else 0; without a branch. */
  private static int digit(int c) {
    return ((c | (9 - c)) >>> 31) ^ 1;
  }

  /** {@link #ipv4} one byte at a time. */
  static long ipv4Loop(byte[] b, int from, int to) {
    // Octet by octet: a digit, more digits while the value stays within 255, then a '.' after
    // the first three and the end after the fourth. Fewer tests per byte than one loop over all.
    long result = 0;
    int i = from;
    for (int octet = 0; octet < 4; octet++) {
      if (i >= to) {
        return -1;
      }
      int value = b[i] - '0';
      if (value < 0 || value > 9) {
        return -1;
      }
      i++;
      while (i < to) {
        int d = b[i] - '0';
        if (d < 0 || d > 9) {
          break;
        }
        value = value * 10 + d;
        if (value > 255) {
          return -1;
        }
        i++;
      }
      result = (result << 8) | value;
      if (octet < 3) {
        if (i >= to || b[i] != '.') {
          return -1;
        }
        i++;
      }
    }
    return i == to ? result : -1;
  }
}

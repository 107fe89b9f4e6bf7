package org.stormwatch.core.model;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP addresses as two longs, so that the hot path (one probe per packet) allocates no address
 * objects. An IPv6 address is its 128 bits, {@code hi} the first 64. An IPv4 address is stored as
 * its IPv4-mapped IPv6 form {@code ::ffff:a.b.c.d}: {@code hi = 0}, {@code lo = 0xffff_xxxxxxxx}.
 */
public final class IpAddresses {
  private static final long V4_MAPPED_PREFIX = 0x0000_ffff_0000_0000L;

  private IpAddresses() {}

  /** The {@code lo} word of an IPv4 address given as a 32-bit big-endian int. */
  public static long v4Lo(int address) {
    return V4_MAPPED_PREFIX | (address & 0xffff_ffffL);
  }

  /** Whether the pair holds an IPv4 address. */
  public static boolean isV4(long hi, long lo) {
    return hi == 0 && (lo & 0xffff_ffff_0000_0000L) == V4_MAPPED_PREFIX;
  }

  /** The IPv4 address of a pair that {@link #isV4} accepts, as an unsigned 32-bit value. */
  public static long v4(long lo) {
    return lo & 0xffff_ffffL;
  }

  /** Dotted quad for IPv4, RFC 5952 text for IPv6. */
  public static String format(long hi, long lo) {
    if (isV4(hi, lo)) {
      long a = v4(lo);
      return ((a >>> 24) & 0xff)
          + "."
          + ((a >>> 16) & 0xff)
          + "."
          + ((a >>> 8) & 0xff)
          + "."
          + (a & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 4; i++) {
      groups[i] = (int) ((hi >>> (48 - 16 * i)) & 0xffff);
      groups[4 + i] = (int) ((lo >>> (48 - 16 * i)) & 0xffff);
    }
    // RFC 5952: compress the longest run (at least two) of zero groups, the first if tied.
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }

  /**
   * Parses an IPv4 dotted quad or an IPv6 literal (never a host name: no DNS look-up is made).
   *
   * @return {@code {hi, lo}}
   * @throws IllegalArgumentException naming the text when it is no IP address
   */
  public static long[] parse(String text) {
    long v4 = parseV4(text, 0, text.length());
    if (v4 >= 0) {
      return new long[] {0, V4_MAPPED_PREFIX | v4};
    }
    if (text.indexOf(':') < 0 || !isHexColonDot(text)) {
      throw new IllegalArgumentException("not an IP address: '" + text + "'");
    }
    try {
      byte[] b = InetAddress.getByName(stripBrackets(text)).getAddress();
      if (b.length == 4) {
        return new long[] {
          0,
          v4Lo(((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff))
        };
      }
      long hi = 0;
      long lo = 0;
      for (int i = 0; i < 8; i++) {
        hi = (hi << 8) | (b[i] & 0xff);
        lo = (lo << 8) | (b[8 + i] & 0xff);
      }
      return new long[] {hi, lo};
    } catch (UnknownHostException | RuntimeException e) {
      throw new IllegalArgumentException("not an IP address: '" + text + "'", e);
    }
  }

  /**
   * Parses a dotted quad in {@code text[from, to)} without allocating.
   *
   * @return the address as an unsigned 32-bit value, or -1 when the text is no dotted quad
   */
  public static long parseV4(CharSequence text, int from, int to) {
    long result = 0;
    int octets = 0;
    int value = -1;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        value = value < 0 ? c - '0' : value * 10 + (c - '0');
        if (value > 255) {
          return -1;
        }
      } else if (c == '.' && value >= 0 && octets < 3) {
        result = (result << 8) | value;
        octets++;
        value = -1;
      } else {
        return -1;
      }
    }
    return octets != 3 || value < 0 ? -1 : (result << 8) | value;
  }

  /** {@link #parseV4(CharSequence, int, int)} over ASCII bytes, for parsers that read bytes. */
  public static long parseV4(byte[] text, int from, int to) {
    return parseV4(new AsciiChars(text), from, to);
  }

  /** ASCII bytes seen as characters, without copying them. */
  private record AsciiChars(byte[] bytes) implements CharSequence {
    @Override
    public int length() {
      return bytes.length;
    }

    @Override
    public char charAt(int index) {
      return (char) (bytes[index] & 0xff);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new String(bytes, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
      return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * Whether the text can only be an IPv6 literal: hex digits, colons and dots, starting with a hex
   * digit or a colon. InetAddress parses such text as a literal and never asks DNS for it; text
   * starting otherwise (".:") it would send to a resolver.
   */
  private static boolean isHexColonDot(String s) {
    String t = stripBrackets(s);
    if (t.isEmpty() || (Character.digit(t.charAt(0), 16) < 0 && t.charAt(0) != ':')) {
      return false;
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'f')
              || (c >= 'A' && c <= 'F')
              || c == ':'
              || c == '.';
      if (!ok) {
        return false;
      }
    }
    return !t.isEmpty();
  }

  private static String stripBrackets(String s) {
    return s.length() > 1 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']'
        ? s.substring(1, s.length() - 1)
        : s;
  }
}

package org.stormwatch.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.model.IpAddresses;

class BytesTest {
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  /** Bytes drawn mostly from a small alphabet, so that the sought byte and its neighbours recur. */
  private static byte[] randomBytes(Random r, int n) {
    byte[] alphabet = {
      ' ', '\n', '=', '!', 0x0b, 0x09, 0, 1, (byte) 0x80, (byte) 0xa0, (byte) 0xff
    };
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = r.nextInt(3) == 0 ? (byte) r.nextInt(256) : alphabet[r.nextInt(alphabet.length)];
    }
    return b;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void indexOfFindsWhatAByteLoopFinds(long seed) {
    Random r = new Random(seed);
    byte[] b = randomBytes(r, r.nextInt(80));
    for (int t = 0; t < 20; t++) {
      byte target = t < 4 ? new byte[] {' ', '\n', 0, (byte) 0xa0}[t] : (byte) r.nextInt(256);
      int from = b.length == 0 ? 0 : r.nextInt(b.length + 1);
      int to = from + r.nextInt(b.length - from + 1);
      int expected = -1;
      for (int i = from; i < to; i++) {
        if (b[i] == target) {
          expected = i;
          break;
        }
      }
      assertThat(Bytes.indexOf(b, from, to, Bytes.lanes(target)))
          .as("seed %d target %d range [%d, %d)", seed, target, from, to)
          .isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void indexOfEitherFindsWhatAByteLoopFinds(long seed) {
    Random r = new Random(seed);
    byte[] b = randomBytes(r, r.nextInt(80));
    for (int t = 0; t < 20; t++) {
      byte one = t < 2 ? (byte) ' ' : (byte) r.nextInt(256);
      byte other = t < 2 ? (byte) '\n' : (byte) r.nextInt(256);
      int from = b.length == 0 ? 0 : r.nextInt(b.length + 1);
      int to = from + r.nextInt(b.length - from + 1);
      int expected = -1;
      for (int i = from; i < to; i++) {
        if (b[i] == one || b[i] == other) {
          expected = i;
          break;
        }
      }
      assertThat(Bytes.indexOfEither(b, from, to, Bytes.lanes(one), Bytes.lanes(other)))
          .as("seed %d bytes %d %d range [%d, %d)", seed, one, other, from, to)
          .isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void firstLaneBelowABoundIsTheFirstSmallerByte(long seed) {
    Random r = new Random(seed);
    byte[] b = randomBytes(r, 8);
    int bound = r.nextBoolean() ? '!' : 1 + r.nextInt(128);
    int expected = -1;
    for (int i = 0; i < 8; i++) {
      if ((b[i] & 0xff) < bound) {
        expected = i;
        break;
      }
    }
    long found = Bytes.below(Bytes.word(b, 0), Bytes.lanes((byte) bound));
    assertThat(found == 0 ? -1 : Bytes.firstLane(found))
        .as("seed %d bound %d", seed, bound)
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void firstLaneOfAWordIsTheFirstMatchingByte(long seed) {
    Random r = new Random(seed);
    byte[] b = randomBytes(r, 8);
    byte target = r.nextBoolean() ? (byte) ' ' : b[r.nextInt(8)];
    int expected = -1;
    for (int i = 0; i < 8; i++) {
      if (b[i] == target) {
        expected = i;
        break;
      }
    }
    long found = Bytes.matches(Bytes.word(b, 0), Bytes.lanes(target));
    assertThat(found == 0 ? -1 : Bytes.firstLane(found))
        .as("seed %d target %d", seed, target)
        .isEqualTo(expected);
  }

  /** Every lane, not only the lowest: the netfilter scan takes the flags one after another. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void equalLanesFlagsExactlyTheLanesHoldingTheByte(long seed) {
    Random r = new Random(seed);
    byte[] b = randomBytes(r, 8);
    byte target = r.nextBoolean() ? (byte) ' ' : b[r.nextInt(8)];
    long expected = 0;
    for (int i = 0; i < 8; i++) {
      if (b[i] == target) {
        expected |= 0x80L << (8 * i);
      }
    }
    long m = Bytes.equalLanes(Bytes.word(b, 0), Bytes.lanes(target));
    assertThat(m).as("seed %d target %d", seed, target).isEqualTo(expected);
    // Taken lowest first, the flags give the lanes in order.
    int lane = -1;
    while (m != 0) {
      long low = m & -m;
      m ^= low;
      int next = Bytes.firstLane(low);
      assertThat(b[next]).isEqualTo(target);
      assertThat(next).isGreaterThan(lane);
      lane = next;
    }
  }

  @Test
  void indexOfIsNotFooledByABorrowIntoTheNextLane() {
    // '!' is ' ' + 1: after the XOR it is 0x01, the lane a borrow from a zero below can flag.
    byte[] b = ascii("abc !! x");
    assertThat(Bytes.indexOf(b, 0, b.length, Bytes.lanes((byte) ' '))).isEqualTo(3);
    byte[] c = ascii("!!!!!!!!!!!!!!!! ");
    assertThat(Bytes.indexOf(c, 0, c.length, Bytes.lanes((byte) ' '))).isEqualTo(16);
    assertThat(Bytes.indexOf(c, 0, 16, Bytes.lanes((byte) ' '))).isEqualTo(-1);
  }

  @Test
  void indexOfStopsAtTheEndOfItsRange() {
    byte[] b = ascii("aaaaaaaaaaaa aaaa");
    assertThat(Bytes.indexOf(b, 0, 12, Bytes.lanes((byte) ' '))).isEqualTo(-1);
    assertThat(Bytes.indexOf(b, 13, b.length, Bytes.lanes((byte) ' '))).isEqualTo(-1);
    assertThat(Bytes.indexOf(b, 5, 13, Bytes.lanes((byte) ' '))).isEqualTo(12);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void equalsAgreesWithAByteLoop(long seed) {
    Random r = new Random(seed);
    byte[] a = randomBytes(r, 40);
    byte[] b = a.clone();
    if (r.nextBoolean()) {
      b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
    }
    int from = r.nextInt(20);
    int n = r.nextInt(21);
    boolean expected = true;
    for (int k = 0; k < n; k++) {
      expected &= a[from + k] == b[from + k];
    }
    assertThat(Bytes.equals(a, from, b, from, n)).isEqualTo(expected);
  }

  @Test
  void numbersAreOneToNineDigitsAndNothingElse() {
    assertThat(number("0")).isZero();
    assertThat(number("65535")).isEqualTo(65535);
    assertThat(number("007")).isEqualTo(7);
    assertThat(number("999999999")).isEqualTo(999_999_999);
    assertThat(number("1234567890")).isEqualTo(-1);
    assertThat(number("")).isEqualTo(-1);
    assertThat(number("12a")).isEqualTo(-1);
    assertThat(number("-1")).isEqualTo(-1);
    assertThat(number("+1")).isEqualTo(-1);
    assertThat(number("1 ")).isEqualTo(-1);
    // A high-bit byte is no digit, even though (byte) 0xb0 - '0' is negative and 0xb9 - '0' too.
    assertThat(Bytes.number(new byte[] {'1', (byte) 0xb5}, 0, 2)).isEqualTo(-1);
    assertThat(Bytes.number(new byte[] {(byte) 0xd9}, 0, 1)).isEqualTo(-1);
  }

  /**
   * The word-at-a-time read against the byte loop: digit runs of every length with bad bytes in
   * them, in buffers whose bytes around the range are digits too, up to the array's end.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void numberAgreesWithTheByteLoop(long seed) {
    Random r = new Random(seed);
    for (int t = 0; t < 200; t++) {
      byte[] b = new byte[1 + r.nextInt(24)];
      for (int i = 0; i < b.length; i++) {
        b[i] =
            r.nextInt(8) == 0
                ? (byte) r.nextInt(256)
                : (byte) (r.nextInt(6) == 0 ? "/:0 9".charAt(r.nextInt(5)) : '0' + r.nextInt(10));
      }
      int from = r.nextInt(b.length);
      int to = from + r.nextInt(Math.min(11, b.length - from + 1));
      assertThat(Bytes.number(b, from, to))
          .as("seed %d bytes %s [%d, %d)", seed, java.util.Arrays.toString(b), from, to)
          .isEqualTo(Bytes.numberLoop(b, from, to));
    }
  }

  /** The same for dotted quads: octets of 1 to 4 digits, values around 255, bad bytes. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void ipv4AgreesWithTheByteLoop(long seed) {
    Random r = new Random(seed);
    for (int t = 0; t < 200; t++) {
      StringBuilder sb = new StringBuilder();
      if (r.nextBoolean()) {
        sb.append(r.nextInt(3) == 0 ? "1" : "");
      }
      for (int octet = 0; octet < 3 + r.nextInt(3); octet++) {
        if (octet > 0) {
          sb.append(r.nextInt(20) == 0 ? ".." : ".");
        }
        int v = r.nextInt(4) == 0 ? 250 + r.nextInt(10) : r.nextInt(256);
        String digits = Integer.toString(v);
        if (r.nextInt(6) == 0) {
          digits = "0".repeat(1 + r.nextInt(3)) + digits;
        }
        sb.append(digits);
        if (r.nextInt(30) == 0) {
          sb.append((char) r.nextInt(256));
        }
      }
      String around = "0123456789. ";
      String before = String.valueOf(around.charAt(r.nextInt(around.length())));
      String after =
          r.nextInt(4) == 0 ? "" : String.valueOf(around.charAt(r.nextInt(around.length())));
      byte[] b = (before + sb + after).getBytes(StandardCharsets.ISO_8859_1);
      int from = 1;
      int to = 1 + sb.length();
      if (r.nextInt(3) == 0 && to > from) {
        to -= r.nextInt(Math.min(3, to - from) + 1);
      }
      assertThat(Bytes.ipv4(b, from, to))
          .as(
              "seed %d text '%s' [%d, %d)",
              seed, new String(b, StandardCharsets.ISO_8859_1), from, to)
          .isEqualTo(Bytes.ipv4Loop(b, from, to));
    }
  }

  private static int number(String s) {
    byte[] b = ascii("xx" + s + "yy");
    return Bytes.number(b, 2, 2 + s.length());
  }

  @Test
  void ipv4ReadsDottedQuadsOnly() {
    assertThat(ipv4("192.0.2.46")).isEqualTo(0xc000022eL);
    assertThat(ipv4("0.0.0.0")).isZero();
    assertThat(ipv4("255.255.255.255")).isEqualTo(0xffffffffL);
    assertThat(ipv4("010.001.000.001")).isEqualTo(0x0a010001L);
    assertThat(ipv4("256.0.0.1")).isEqualTo(-1);
    assertThat(ipv4("1.2.3")).isEqualTo(-1);
    assertThat(ipv4("1.2.3.4.5")).isEqualTo(-1);
    assertThat(ipv4("1..3.4")).isEqualTo(-1);
    assertThat(ipv4("1.2.3.")).isEqualTo(-1);
    assertThat(ipv4(".1.2.3")).isEqualTo(-1);
    assertThat(ipv4("1.2.3.4 ")).isEqualTo(-1);
    assertThat(ipv4("")).isEqualTo(-1);
    assertThat(ipv4("::1")).isEqualTo(-1);
  }

  private static long ipv4(String s) {
    byte[] b = ascii("SRC=" + s + " x");
    return Bytes.ipv4(b, 4, 4 + s.length());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void ipv4AgreesWithTheModelsParserOnCorruptQuads(long seed) {
    Random r = new Random(seed);
    String alphabet = "0123456789..........:a \u00e9\u00ff";
    for (int t = 0; t < 50; t++) {
      StringBuilder sb = new StringBuilder();
      if (r.nextBoolean()) {
        sb.append(r.nextInt(300))
            .append('.')
            .append(r.nextInt(300))
            .append('.')
            .append(r.nextInt(300))
            .append('.')
            .append(r.nextInt(300));
      }
      for (int k = r.nextInt(4); k > 0; k--) {
        int at = r.nextInt(sb.length() + 1);
        sb.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String s = sb.toString();
      byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
      assertThat(Bytes.ipv4(b, 0, b.length))
          .as("'%s'", s)
          .isEqualTo(IpAddresses.parseV4(s, 0, s.length()));
    }
  }
}

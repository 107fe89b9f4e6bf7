package org.stormwatch.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Randomized tests are seeded: each seed is one JUnit invocation ({@code seed N}), and a failure
 * names the seed and the input, so it can be replayed alone.
 */
class IpAddressesTest {
  /** Addresses tried before the random ones: the edges a random generator rarely hits. */
  private static final String[] IPV6_EDGES = {
    "0000:0000:0000:0000:0000:0000:0000:0000",
    "0000:0000:0000:0000:0000:0000:0000:0001",
    "0001:0000:0000:0000:0000:0000:0000:0000",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "8000:0000:0000:0000:0000:0000:0000:0000",
    "0000:0000:0000:0000:0000:0000:0000:8000",
    "0000:0000:0000:0000:8000:0000:0000:0000",
    "0000:0000:0000:0000:0000:ffff:0000:0000",
    "0000:0000:0000:0000:0000:ffff:ffff:ffff",
    "0000:0000:0000:0000:0000:ffff:8000:0001",
    "0000:0000:0000:0000:0000:ffff:c000:0201",
    "0000:0000:0000:0000:0000:fffe:c000:0201",
    "0000:0000:0000:0000:0001:ffff:c000:0201",
    "0000:0000:0000:0000:0000:0000:c000:0201",
    "2001:0db8:0000:0000:0001:0000:0000:0001",
    "2001:0db8:0000:0001:0001:0001:0001:0001",
    "0000:0001:0000:0001:0000:0001:0000:0001",
    "0000:0000:0001:0000:0000:0001:0000:0000",
    "0001:0000:0000:0001:0000:0000:0001:0001",
    "ffff:0000:0000:0000:0000:0000:0000:ffff",
    "0000:ffff:ffff:ffff:ffff:ffff:ffff:0000",
    "fe80:0000:0000:0000:0000:0000:0000:0000",
  };

  private static final int IPV6_TRIES = 2000;

  static LongStream ipv6Seeds() {
    return LongStream.range(0, IPV6_EDGES.length + IPV6_TRIES);
  }

  /**
   * 16 bytes: the edges first, then random groups biased towards zero (3 in 6), so that compression
   * cases come up often, with special groups (1 in 6) and any group (2 in 6).
   */
  static byte[] ipv6(long seed) {
    if (seed < IPV6_EDGES.length) {
      return HexFormat.of().parseHex(IPV6_EDGES[(int) seed].replace(":", ""));
    }
    SplittableRandom r = new SplittableRandom(seed);
    int[] special = {1, 0xffff, 0x8000, 0x0db8};
    ByteBuffer b = ByteBuffer.allocate(16);
    for (int i = 0; i < 8; i++) {
      int pick = r.nextInt(6);
      int g = pick < 3 ? 0 : pick < 4 ? special[r.nextInt(special.length)] : r.nextInt(0x10000);
      b.putShort((short) g);
    }
    return b.array();
  }

  private static final int[] IPV4_EDGES = {
    0,
    1,
    -1,
    Integer.MIN_VALUE,
    Integer.MAX_VALUE,
    Integer.MIN_VALUE + 1,
    Integer.MAX_VALUE - 1,
    0xffff,
    0x1_0000,
    0xff,
    0x100,
    0x7f00_0001,
    0x0a00_0001,
    0xc0a8_0001,
    0xc000_0201,
    0xffff_ff00,
    0x00ff_00ff,
    0xff00_ff00,
    0x0101_0101,
    0x8080_8080,
  };

  private static final int IPV4_TRIES = 1000;

  static LongStream ipv4Seeds() {
    return LongStream.range(0, IPV4_EDGES.length + IPV4_TRIES);
  }

  /** The edges first, then any int; one in eight random tries is small, negative or small. */
  static int ipv4(long seed) {
    if (seed < IPV4_EDGES.length) {
      return IPV4_EDGES[(int) seed];
    }
    SplittableRandom r = new SplittableRandom(seed);
    return r.nextInt(8) == 0 ? r.nextInt(-1000, 1000) : r.nextInt();
  }

  private static long[] words(byte[] b) {
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new long[] {buf.getLong(), buf.getLong()};
  }

  /** RFC 5952 section 4, written plainly from the groups, as a reference. */
  private static String rfc5952(byte[] b) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i >= 2 && j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append(i == 0 ? "::" : ":");
        i += bestLen - 1;
        if (i == 7) {
          break;
        }
        continue;
      }
      sb.append(Integer.toHexString(g[i]));
      if (i < 7) {
        sb.append(':');
      }
    }
    return sb.toString();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("ipv6Seeds")
  void ipv6_formatIsRfc5952_andParsesBackLikeInetAddress(long seed) throws Exception {
    byte[] address = ipv6(seed);
    String input = "seed " + seed + ", address " + HexFormat.of().formatHex(address);
    long[] w = words(address);
    String text = IpAddresses.format(w[0], w[1]);
    InetAddress inet = InetAddress.getByAddress(address);
    if (IpAddresses.isV4(w[0], w[1])) {
      // ::ffff:a.b.c.d is shown as the IPv4 address, as Java does.
      assertThat(text).as(input).isEqualTo(inet.getHostAddress());
    } else {
      assertThat(text).as(input).isEqualTo(rfc5952(address));
      assertThat(InetAddress.getByName(text).getAddress()).as(input).isEqualTo(address);
    }
    assertThat(IpAddresses.parse(text)).as(input).containsExactly(w[0], w[1]);
    // Java's uncompressed form parses to the same words.
    assertThat(IpAddresses.parse(inet.getHostAddress())).as(input).containsExactly(w[0], w[1]);
    if (text.contains(":")) {
      assertThat(IpAddresses.parse("[" + text + "]")).as(input).containsExactly(w[0], w[1]);
    }
    assertThat(IpAddresses.parse(text.toUpperCase(Locale.ROOT)))
        .as(input)
        .containsExactly(w[0], w[1]);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("ipv4Seeds")
  void ipv4_roundTripsThroughDottedQuad(long seed) throws Exception {
    int address = ipv4(seed);
    String input = String.format(Locale.ROOT, "seed %d, address 0x%08x", seed, address);
    long lo = IpAddresses.v4Lo(address);
    String text = IpAddresses.format(0, lo);
    assertThat(text)
        .as(input)
        .isEqualTo(
            InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(address).array())
                .getHostAddress());
    assertThat(IpAddresses.isV4(0, lo)).as(input).isTrue();
    assertThat(IpAddresses.v4(lo)).as(input).isEqualTo(address & 0xffff_ffffL);
    assertThat(IpAddresses.parse(text)).as(input).containsExactly(0L, lo);
    assertThat(IpAddresses.parseV4(text, 0, text.length()))
        .as(input)
        .isEqualTo(address & 0xffff_ffffL);
    assertThat(IpAddresses.parse("::ffff:" + text)).as(input).containsExactly(0L, lo);
  }

  @ParameterizedTest
  @CsvSource({
    "::, 0, 0",
    "::1, 0, 1",
    "1::, 0x0001000000000000, 0",
    "2001:db8::1:0:0:1, 0x20010db800000000, 0x0001000000000001",
    "2001:0:0:1::1, 0x2001000000000001, 1",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 0xffffffffffffffff, 0xffffffffffffffff",
    "8000::, 0x8000000000000000, 0",
    "2001:db8:0:1:1:1:1:1, 0x20010db800000001, 0x0001000100010001",
  })
  void knownFormats(String text, String hi, String lo) {
    long h = Long.parseUnsignedLong(hi.replace("0x", ""), hi.startsWith("0x") ? 16 : 10);
    long l = Long.parseUnsignedLong(lo.replace("0x", ""), lo.startsWith("0x") ? 16 : 10);
    assertThat(IpAddresses.format(h, l)).isEqualTo(text);
    assertThat(IpAddresses.parse(text)).containsExactly(h, l);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "1..2.3",
        "example.com",
        "1:2:3:4:5:6:7:8:9",
        "12345::",
        "::g",
        "fe80::1%eth0",
        ":",
        "1.2.3.4 ",
        "-1.2.3.4",
        ".:",
        "..::1"
      })
  void nonAddresses_areRejectedNamingTheText(String text) {
    assertThatThrownBy(() -> IpAddresses.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }
}

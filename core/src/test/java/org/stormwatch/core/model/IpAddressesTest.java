package org.stormwatch.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {
  /** 16 bytes, biased towards zero groups so that compression cases come up often. */
  @Provide
  Arbitrary<byte[]> ipv6() {
    Arbitrary<Integer> group =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
            net.jqwik.api.Tuple.of(1, Arbitraries.of(1, 0xffff, 0x8000, 0x0db8)),
            net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 0xffff)));
    return group
        .list()
        .ofSize(8)
        .map(
            gs -> {
              ByteBuffer b = ByteBuffer.allocate(16);
              gs.forEach(g -> b.putShort((short) (int) g));
              return b.array();
            });
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

  @Property(tries = 2000)
  void ipv6_formatIsRfc5952_andParsesBackLikeInetAddress(@ForAll("ipv6") byte[] address)
      throws Exception {
    long[] w = words(address);
    String text = IpAddresses.format(w[0], w[1]);
    InetAddress inet = InetAddress.getByAddress(address);
    if (IpAddresses.isV4(w[0], w[1])) {
      // ::ffff:a.b.c.d is shown as the IPv4 address, as Java does.
      assertThat(text).isEqualTo(inet.getHostAddress());
    } else {
      assertThat(text).isEqualTo(rfc5952(address));
      assertThat(InetAddress.getByName(text).getAddress()).isEqualTo(address);
    }
    assertThat(IpAddresses.parse(text)).containsExactly(w[0], w[1]);
    // Java's uncompressed form parses to the same words.
    assertThat(IpAddresses.parse(inet.getHostAddress())).containsExactly(w[0], w[1]);
    if (text.contains(":")) {
      assertThat(IpAddresses.parse("[" + text + "]")).containsExactly(w[0], w[1]);
    }
    assertThat(IpAddresses.parse(text.toUpperCase(Locale.ROOT))).containsExactly(w[0], w[1]);
  }

  @Property(tries = 1000)
  void ipv4_roundTripsThroughDottedQuad(@ForAll int address) throws Exception {
    long lo = IpAddresses.v4Lo(address);
    String text = IpAddresses.format(0, lo);
    assertThat(text)
        .isEqualTo(
            InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(address).array())
                .getHostAddress());
    assertThat(IpAddresses.isV4(0, lo)).isTrue();
    assertThat(IpAddresses.v4(lo)).isEqualTo(address & 0xffff_ffffL);
    assertThat(IpAddresses.parse(text)).containsExactly(0L, lo);
    assertThat(IpAddresses.parseV4(text, 0, text.length())).isEqualTo(address & 0xffff_ffffL);
    assertThat(IpAddresses.parse("::ffff:" + text)).containsExactly(0L, lo);
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
        "-1.2.3.4"
      })
  void nonAddresses_areRejectedNamingTheText(String text) {
    assertThatThrownBy(() -> IpAddresses.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }
}

package org.stormwatch.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.nbns.NbnsFeatures;

class ProbeCodecTest {
  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  @Test
  void encodesLogLineProbeInNineteenBytes() {
    Probe p =
        Probe.of(
            1_032_000_000_123_456_789L,
            IpAddresses.parse("10.1.2.3"),
            1026,
            IpAddresses.parse("172.16.0.9"),
            137,
            Protocol.UDP);
    byte[] expected = {
      1, // version
      0, // flags: IPv4 both, nothing optional
      0x0e,
      0x52,
      0x66,
      (byte) 0x88,
      0x47,
      (byte) 0x8f,
      (byte) 0xcd,
      0x15, // time (ns)
      1, // protocol udp
      0x04,
      0x02, // source port 1026
      0x00,
      (byte) 0x89, // destination port 137
      10,
      1,
      2,
      3, // source
      (byte) 172,
      16,
      0,
      9 // destination
    };
    assertThat(ProbeCodec.encode(p)).containsExactly(expected);
    assertThat(ProbeCodec.decode(expected)).isEqualTo(p);
  }

  @Test
  void readsHighBitFieldsAsUnsigned() {
    Probe p =
        new Probe(
            -1,
            0,
            IpAddresses.v4Lo(0xffff_ffff),
            0xffff,
            0,
            IpAddresses.v4Lo(0x8000_0000),
            0x8000,
            Protocol.TCP,
            0xff,
            0xffff + 40,
            0xff,
            "sensor-ü",
            null);
    assertThat(ProbeCodec.decode(ProbeCodec.encode(p))).isEqualTo(p);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void roundTripsRandomProbes(long seed) {
    Probe p = randomProbe(new Random(seed));
    assertThat(ProbeCodec.decode(ProbeCodec.encode(p))).isEqualTo(p);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void everyCutShortRecordIsTruncated(long seed) {
    byte[] whole = ProbeCodec.encode(randomProbe(new Random(seed)));
    for (int n = 0; n < whole.length; n++) {
      byte[] cut = Arrays.copyOf(whole, n);
      assertThatThrownBy(() -> ProbeCodec.decode(cut))
          .isInstanceOfSatisfying(
              ProbeDecodeException.class, e -> assertThat(e.truncated()).isTrue())
          .hasMessageContaining("truncated");
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void damagedBytesDecodeOrFailWithDecodeException(long seed) {
    Random r = new Random(seed);
    byte[] whole = ProbeCodec.encode(randomProbe(r));
    for (int trial = 0; trial < 200; trial++) {
      byte[] damaged = whole.clone();
      for (int flips = 1 + r.nextInt(3); flips > 0; flips--) {
        damaged[r.nextInt(damaged.length)] ^= (byte) (1 + r.nextInt(255));
      }
      if (r.nextInt(4) == 0) {
        damaged = Arrays.copyOf(damaged, damaged.length + 1 + r.nextInt(4));
      }
      try {
        Probe back = ProbeCodec.decode(damaged);
        // a damaged record that still decodes is a valid record: it encodes to the same bytes
        assertThat(ProbeCodec.encode(back)).containsExactly(damaged);
      } catch (ProbeDecodeException e) {
        assertThat(e.getMessage()).containsPattern("(truncated|corrupt at offset \\d+)");
      }
    }
  }

  @Test
  void tellsCorruptFromTruncated() {
    byte[] bytes = ProbeCodec.encode(randomProbe(new Random(1)));
    bytes[0] = 2;
    assertThatThrownBy(() -> ProbeCodec.decode(bytes))
        .isInstanceOfSatisfying(
            ProbeDecodeException.class, e -> assertThat(e.truncated()).isFalse())
        .hasMessage("probe record corrupt at offset 0: unknown version 2 (this reader knows 1)");
    byte[] whole = ProbeCodec.encode(randomProbe(new Random(2)));
    byte[] trailing = Arrays.copyOf(whole, whole.length + 3);
    assertThatThrownBy(() -> ProbeCodec.decode(trailing))
        .hasMessageContaining("bytes after the record");
  }

  static Probe randomProbe(Random r) {
    long[] src = address(r);
    long[] dst = address(r);
    Protocol protocol = Protocol.values()[r.nextInt(3)];
    NbnsFeatures nbns = r.nextInt(3) == 0 ? nbns(r) : null;
    return new Probe(
        r.nextLong(),
        src[0],
        src[1],
        r.nextInt(0x10000),
        dst[0],
        dst[1],
        r.nextInt(0x10000),
        protocol,
        r.nextBoolean() ? -1 : r.nextInt(256),
        r.nextBoolean() ? -1 : r.nextInt(0xffff + 41),
        r.nextBoolean() ? -1 : r.nextInt(256),
        r.nextBoolean() ? "" : text(r),
        nbns);
  }

  private static NbnsFeatures nbns(Random r) {
    List<String> reasons = new ArrayList<>();
    String[] known = {
      NbnsFeatures.FORGED, NbnsFeatures.HIGH_SOURCE_PORT, NbnsFeatures.PROBABLE_WILDCARD_NBSTAT
    };
    for (int i = r.nextInt(4); i > 0; i--) {
      reasons.add(r.nextBoolean() ? known[r.nextInt(known.length)] : text(r));
    }
    return new NbnsFeatures(
        NbnsFeatures.Source.values()[r.nextInt(2)],
        r.nextBoolean(),
        r.nextInt(17) - 1,
        r.nextBoolean(),
        r.nextInt(0x10001) - 1,
        r.nextBoolean() ? null : text(r),
        r.nextBoolean(),
        r.nextBoolean(),
        r.nextBoolean(),
        r.nextBoolean(),
        r.nextBoolean(),
        r.nextBoolean() ? null : text(r),
        reasons);
  }

  private static long[] address(Random r) {
    if (r.nextBoolean()) {
      return new long[] {0, IpAddresses.v4Lo(r.nextInt())};
    }
    long hi = r.nextLong();
    return new long[] {hi == 0 ? 1 : hi, r.nextLong()};
  }

  private static String text(Random r) {
    String[] pieces = {"*<00>", "WORKGROUP", "é", "名", "sensor-7", " ", "\uD83D\uDE00"};
    StringBuilder sb = new StringBuilder();
    for (int i = 1 + r.nextInt(4); i > 0; i--) {
      sb.append(pieces[r.nextInt(pieces.length)]);
    }
    return sb.toString();
  }
}

package org.stormwatch.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FingerprintSourcesCodecTest {
  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  @Test
  void encodesOneValueWithTwoSourcesAsDocumented() {
    FingerprintSources s = new FingerprintSources();
    s.add("ttl", "129-255", 5);
    s.add("ttl", "129-255", -1);
    s.add("ttl", "129-255", 5);
    byte[] expected = {
      1, // version
      1, // kinds
      3, 't', 't', 'l', 1, // values
      0, 7, '1', '2', '9', '-', '2', '5', '5', 2, // sources, ascending
      -1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 5
    };
    assertThat(FingerprintSourcesCodec.encode(s)).containsExactly(expected);
    assertThat(FingerprintSourcesCodec.decode(expected).counts())
        .isEqualTo(Map.of("ttl=129-255", 2L));
    assertThat(FingerprintSourcesCodec.encode(new FingerprintSources())).containsExactly(1, 0);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void roundTripsAndIsCanonical(long seed) {
    Random rnd = new Random(seed);
    FingerprintSources s = random(rnd);
    byte[] bytes = FingerprintSourcesCodec.encode(s);
    FingerprintSources back = FingerprintSourcesCodec.decode(bytes);
    assertThat(back.counts()).isEqualTo(s.counts());
    assertThat(back).isEqualTo(s);
    assertThat(FingerprintSourcesCodec.encode(back)).containsExactly(bytes);
  }

  /**
   * Merging decoded halves gives the counts of adding every source to one set, min(distinct, CAP),
   * and merging is order-free while no kind overflows its values.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void mergeOfDecodedPartsCountsLikeOneSet(long seed) {
    Random rnd = new Random(seed);
    String[] values = {"52", "60", "40", "1500", "65-128", "129-255"};
    FingerprintSources whole = new FingerprintSources();
    List<FingerprintSources> parts = new ArrayList<>();
    Map<String, Set<Long>> truth = new HashMap<>();
    int partCount = 1 + rnd.nextInt(6);
    for (int i = 0; i < partCount; i++) {
      parts.add(new FingerprintSources());
    }
    int adds = rnd.nextInt(400);
    for (int i = 0; i < adds; i++) {
      String kind = rnd.nextBoolean() ? "ip_length" : "ttl";
      String value = values[rnd.nextInt(values.length)];
      long source = rnd.nextInt(1 + rnd.nextInt(80));
      whole.add(kind, value, source);
      parts.get(rnd.nextInt(partCount)).add(kind, value, source);
      truth.computeIfAbsent(kind + "=" + value, k -> new HashSet<>()).add(source);
    }
    FingerprintSources forward = new FingerprintSources();
    for (FingerprintSources p : parts) {
      forward.addAll(FingerprintSourcesCodec.decode(FingerprintSourcesCodec.encode(p)));
    }
    FingerprintSources backward = new FingerprintSources();
    for (int i = parts.size() - 1; i >= 0; i--) {
      backward.addAll(FingerprintSourcesCodec.decode(FingerprintSourcesCodec.encode(parts.get(i))));
    }
    Map<String, Long> expected = new HashMap<>();
    truth.forEach((k, v) -> expected.put(k, (long) Math.min(v.size(), FingerprintSources.CAP)));
    assertThat(forward.counts()).isEqualTo(expected);
    assertThat(backward.counts()).isEqualTo(expected);
    assertThat(whole.counts()).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void everyCutShortFormIsTruncated(long seed) {
    byte[] whole = FingerprintSourcesCodec.encode(random(new Random(seed)));
    for (int n = 0; n < whole.length; n++) {
      byte[] cut = Arrays.copyOf(whole, n);
      int length = n;
      assertThatThrownBy(() -> FingerprintSourcesCodec.decode(cut))
          .isInstanceOfSatisfying(
              FingerprintDecodeException.class,
              e -> {
                assertThat(e.truncated()).as("cut at %d", length).isTrue();
                assertThat(e.offset()).isBetween(0, length);
                assertThat(e.getMessage()).contains("cut short").contains("offset");
              });
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void damagedBytesDecodeOrFailWithDecodeException(long seed) {
    Random rnd = new Random(seed);
    byte[] bytes = FingerprintSourcesCodec.encode(random(rnd));
    for (int round = 0; round < 50; round++) {
      byte[] damaged = bytes.clone();
      int flips = 1 + rnd.nextInt(3);
      for (int i = 0; i < flips; i++) {
        damaged[rnd.nextInt(damaged.length)] ^= (byte) (1 + rnd.nextInt(255));
      }
      try {
        FingerprintSources s = FingerprintSourcesCodec.decode(damaged);
        // What decodes is a valid form: canonical, within every limit.
        assertThat(FingerprintSourcesCodec.encode(s)).containsExactly(damaged);
        s.counts()
            .values()
            .forEach(c -> assertThat(c).isBetween(1L, (long) FingerprintSources.CAP));
      } catch (FingerprintDecodeException e) {
        assertThat(e.offset()).isBetween(0, damaged.length);
        assertThat(e.getMessage()).startsWith("fingerprint sources: ");
      }
    }
  }

  @Test
  void tellsCorruptFromTruncated() {
    FingerprintSources s = new FingerprintSources();
    s.add("ttl", "33-64", 1);
    s.add("ttl", "33-64", 2);
    byte[] ok = FingerprintSourcesCodec.encode(s);
    byte[] version = ok.clone();
    version[0] = 2;
    assertCorrupt(version, 0, "unknown version 2");
    byte[] trailing = Arrays.copyOf(ok, ok.length + 1);
    assertCorrupt(trailing, ok.length, "1 trailing bytes");
    byte[] tooMany = ok.clone();
    tooMany[1] = 33;
    assertCorrupt(tooMany, 1, "kind count 33");
    byte[] swapped = ok.clone();
    int firstHash = ok.length - 16;
    System.arraycopy(ok, firstHash + 8, swapped, firstHash, 8);
    System.arraycopy(ok, firstHash, swapped, firstHash + 8, 8);
    assertCorrupt(swapped, firstHash + 8, "out of order or repeated");
    byte[] zeroSources = ok.clone();
    zeroSources[firstHash - 1] = 0;
    assertCorrupt(zeroSources, firstHash - 1, "source count of ttl=33-64 0");
  }

  private static void assertCorrupt(byte[] bytes, int offset, String text) {
    assertThatThrownBy(() -> FingerprintSourcesCodec.decode(bytes))
        .isInstanceOfSatisfying(
            FingerprintDecodeException.class,
            e -> {
              assertThat(e.truncated()).isFalse();
              assertThat(e.offset()).isEqualTo(offset);
              assertThat(e.getMessage()).contains(text);
            });
  }

  static FingerprintSources random(Random rnd) {
    FingerprintSources s = new FingerprintSources();
    String[] kinds = {"ip_length", "ttl", "ip_length+ttl", "tcp_flags", "nbns_forged", "sport"};
    int adds = rnd.nextInt(rnd.nextBoolean() ? 20 : 2000);
    for (int i = 0; i < adds; i++) {
      String kind = kinds[rnd.nextInt(kinds.length)];
      String value =
          rnd.nextInt(10) == 0
              ? "\u00e9t\u00e9 " + rnd.nextInt(3)
              : Integer.toString(rnd.nextInt(90));
      long source = rnd.nextBoolean() ? rnd.nextLong() : rnd.nextInt(50);
      s.add(kind, value, source);
    }
    return s;
  }
}

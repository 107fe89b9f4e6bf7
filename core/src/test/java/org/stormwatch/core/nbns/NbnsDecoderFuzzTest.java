package org.stormwatch.core.nbns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing: random and mutated messages never make the decoder throw, and what it returns is
 * consistent (offsets inside the data, lengths no longer than the data). Seeded, so a failure names
 * the seed and the bytes and can be replayed.
 */
class NbnsDecoderFuzzTest {
  private static final long SEED = 0x5eed_137L;

  /** Bytes that matter to the decoder: label lengths, pointers, letters, zero. */
  private static final int[] INTERESTING = {
    0x00, 0x01, 0x0c, 0x20, 0x21, 0x3f, 0x40, 0x41, 0x50, 0x5a, 0x7f, 0x80, 0xbf, 0xc0, 0xc0, 0xff
  };

  @Test
  void randomBytesNeverThrow() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 30_000; i++) {
      byte[] b = new byte[random.nextInt(300)];
      for (int j = 0; j < b.length; j++) {
        b[j] = (byte) (random.nextInt(4) == 0 ? pick(random) : random.nextInt(256));
      }
      check(b);
    }
  }

  @Test
  void headersWithSmallCountsAndInterestingBytesNeverThrow() {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    for (int i = 0; i < 30_000; i++) {
      byte[] b = new byte[12 + random.nextInt(200)];
      for (int j = 0; j < b.length; j++) {
        b[j] = (byte) pick(random);
      }
      for (int c = 4; c < 12; c += 2) {
        b[c] = 0;
        b[c + 1] = (byte) random.nextInt(4);
      }
      check(b);
    }
  }

  @Test
  void mutatedValidMessagesNeverThrow() {
    SplittableRandom random = new SplittableRandom(SEED + 2);
    List<byte[]> valid = new ArrayList<>(NbnsDecoderTest.VALID.values());
    for (int i = 0; i < 60_000; i++) {
      byte[] original = valid.get(random.nextInt(valid.size()));
      int length = original.length + random.nextInt(9) - 4;
      byte[] b = new byte[Math.max(0, length)];
      System.arraycopy(original, 0, b, 0, Math.min(original.length, b.length));
      int flips = 1 + random.nextInt(4);
      for (int f = 0; f < flips && b.length > 0; f++) {
        int at = random.nextInt(b.length);
        b[at] = (byte) (random.nextBoolean() ? pick(random) : b[at] ^ (1 << random.nextInt(8)));
      }
      check(b);
    }
  }

  @Test
  void randomTcpStreamsNeverThrowAndConsumeWholeFramesOnly() {
    SplittableRandom random = new SplittableRandom(SEED + 3);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[random.nextInt(200)];
      for (int j = 0; j < b.length; j++) {
        b[j] = (byte) (random.nextInt(3) == 0 ? random.nextInt(60) : pick(random));
      }
      try {
        NbnsDecoder.TcpMessages t = NbnsDecoder.decodeTcp(b, 0, b.length);
        assertThat(t.consumed()).isBetween(0, b.length);
        assertThat(b.length - t.consumed()).isLessThan(2 + 65536);
      } catch (RuntimeException e) {
        fail("decodeTcp threw on " + HexFormat.of().formatHex(b), e);
      }
    }
  }

  private static int pick(SplittableRandom random) {
    return INTERESTING[random.nextInt(INTERESTING.length)];
  }

  private static void check(byte[] b) {
    NbnsDecodeResult r;
    try {
      r = NbnsDecoder.decode(b, 0, b.length);
      if (r instanceof NbnsDecodeResult.Decoded) {
        NbnsDecodeResult.Decoded d = (NbnsDecodeResult.Decoded) r;
        assertThat(d.length()).isBetween(NbnsHeader.LENGTH, b.length);
        for (NbnsQuestion q : d.message().questions()) {
          assertThat(q.name().toString()).isNotEmpty();
        }
        assertThat(d.message().questions()).hasSize(d.header().questionCount());
      } else {
        NbnsDecodeResult.Malformed m = (NbnsDecodeResult.Malformed) r;
        assertThat(m.offset()).isBetween(0, b.length);
        assertThat(m.detail()).isNotEmpty();
        assertThat(m.partial() == null).isEqualTo(b.length < NbnsHeader.LENGTH);
      }
    } catch (RuntimeException | AssertionError e) {
      fail("decode failed on " + HexFormat.of().formatHex(b), e);
    }
  }
}

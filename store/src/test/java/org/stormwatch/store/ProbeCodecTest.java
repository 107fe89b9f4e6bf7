package org.stormwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

class ProbeCodecTest {
  static LongStream seeds() {
    return LongStream.range(0, 40);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomChunks_roundTripExactly(long seed) {
    Random r = new Random(seed);
    List<Probe> probes = TestProbes.random(r, 1 + r.nextInt(2_000), 1 + r.nextInt(48), 50);
    Probe first = probes.get(r.nextInt(probes.size()));
    List<Probe> chunk =
        probes.stream()
            .filter(p -> p.dstPort() == first.dstPort() && p.protocol() == first.protocol())
            .toList();
    byte[] blob = ProbeCodec.encode(chunk, first.dstPort(), first.protocol());
    assertThat(blob[0]).isEqualTo((byte) ProbeCodec.VERSION);
    assertThat(ProbeCodec.decode(blob)).isEqualTo(chunk);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void damagedChunks_failWithAMessage_neverSomethingElse(long seed) {
    Random r = new Random(seed);
    List<Probe> chunk =
        TestProbes.random(r, 500, 4, 20).stream().filter(p -> p.dstPort() == 80).toList();
    byte[] blob = ProbeCodec.encode(chunk, 80, Protocol.TCP);
    byte[] damaged = blob.clone();
    if (r.nextBoolean()) {
      damaged = java.util.Arrays.copyOf(blob, 1 + r.nextInt(blob.length - 1));
    } else {
      int at = 1 + r.nextInt(blob.length - 1);
      damaged[at] ^= (byte) (1 + r.nextInt(255));
    }
    byte[] input = damaged;
    // zlib's Adler-32 check catches what the layout checks do not.
    assertThatThrownBy(() -> ProbeCodec.decode(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("probe chunk: ");
  }

  @Test
  void unknownVersion_isRefusedByName() {
    byte[] blob = ProbeCodec.encode(List.of(), 80, Protocol.TCP);
    blob[0] = 9;
    assertThatThrownBy(() -> ProbeCodec.decode(blob))
        .hasMessage("probe chunk: unknown format version 9 (expected 1)");
  }

  @Test
  void ipv4ProbeWithKnownFields_takesAboutTwentyBytesBeforeCompression() {
    List<Probe> chunk =
        TestProbes.random(new Random(1), 20_000, 24, 1000).stream()
            .filter(p -> p.dstPort() == 445)
            .toList();
    byte[] blob = ProbeCodec.encode(chunk, 445, Protocol.TCP);
    // Random fields compress little; real scans compress far better. A bound, not a benchmark.
    assertThat(blob.length).isLessThan(chunk.size() * 24);
  }
}

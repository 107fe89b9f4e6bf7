package org.stormwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.detect.Feature;
import org.stormwatch.core.detect.FeatureCounts;

class FeatureCountsCodecTest {
  static LongStream seeds() {
    return LongStream.range(0, 30);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomHistograms_roundTrip(long seed) {
    Random r = new Random(seed);
    FeatureCounts counts = new FeatureCounts();
    for (int i = 0; i < r.nextInt(500); i++) {
      Feature f = Feature.values()[r.nextInt(Feature.values().length)];
      counts.add(f, "v" + r.nextInt(100), 1 + r.nextInt(1000));
    }
    FeatureCounts back = FeatureCountsCodec.decode(FeatureCountsCodec.encode(counts));
    for (Feature f : Feature.values()) {
      assertThat(back.values(f)).isEqualTo(counts.values(f));
      assertThat(back.total(f)).isEqualTo(counts.total(f));
    }
  }

  @Test
  void unknownFeatureOrTrailingBytes_areErrors() {
    FeatureCounts counts = new FeatureCounts();
    counts.add(Feature.TTL, "33-64", 5);
    byte[] ok = FeatureCountsCodec.encode(counts);
    byte[] longer = java.util.Arrays.copyOf(ok, ok.length + 1);
    assertThatThrownBy(() -> FeatureCountsCodec.decode(longer))
        .hasMessageContaining("unexpected bytes after the end");
    ByteWriter w = new ByteWriter(16).u8(1).varint(1).string("colour").varint(0);
    assertThatThrownBy(() -> FeatureCountsCodec.decode(w.toBytes()))
        .hasMessage("unknown feature 'colour'");
  }
}

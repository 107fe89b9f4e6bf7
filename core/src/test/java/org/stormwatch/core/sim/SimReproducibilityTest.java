package org.stormwatch.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.aggregate.BucketSize;

class SimReproducibilityTest {
  static LongStream seeds() {
    return LongStream.range(10, 14);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void sameSeedGivesIdenticalBytesInEveryFormat(long seed) throws Exception {
    Scenario s = Scenario.random(seed, 0.002);
    for (SimulationWriter.Format format : SimulationWriter.Format.values()) {
      assertThat(SimTesting.bytes(Scenario.random(seed, 0.002), format))
          .as("seed %d, %s", seed, format.label())
          .isEqualTo(SimTesting.bytes(s, format));
    }
    assertThat(truthJson(Scenario.random(seed, 0.002))).as("seed %d", seed).isEqualTo(truthJson(s));
  }

  @Test
  void anotherSeedGivesOtherProbes() throws Exception {
    Scenario a = Scenario.preset("busy-port", 1, 0.002);
    Scenario b = Scenario.preset("busy-port", 2, 0.002);
    assertThat(SimTesting.bytes(a, SimulationWriter.Format.DSHIELD))
        .isNotEqualTo(SimTesting.bytes(b, SimulationWriter.Format.DSHIELD));
  }

  private static String truthJson(Scenario s) throws Exception {
    TruthRecorder recorder = new TruthRecorder(s, BucketSize.DAY);
    new ScenarioGenerator(s).generate(recorder);
    StringWriter out = new StringWriter();
    recorder.truth().writeJson(out);
    return out.toString();
  }
}

package org.stormwatch.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.model.Probe;

/**
 * The strongest property of the simulator: for random scenarios, each written format, read back
 * through the entry point a user's files take, gives exactly the port report of the truth file; and
 * the captures give back every generated probe, field for field (features included).
 */
class SimRoundTripTest {
  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.range(0, 5);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyFormatReadsBackToTheTruth(long seed) throws Exception {
    Scenario s = Scenario.random(seed, 0.002);
    List<Probe> generated = new ArrayList<>();
    new ScenarioGenerator(s).generate(p -> generated.add(p.probe()));
    for (SimulationWriter.Format format : SimulationWriter.Format.values()) {
      Path file = dir.resolve("sim-" + seed + "." + format.label());
      Truth truth = SimTesting.write(s, format, file);
      assertThat(truth.probes()).as("seed %d: probes", seed).isEqualTo(generated.size());
      List<PortActivity> read = SimTesting.report(file);
      assertThat(read)
          .as("seed %d, %s: port report read back vs truth", seed, format.label())
          .isEqualTo(truth.activity());
      if (format == SimulationWriter.Format.PCAP || format == SimulationWriter.Format.PCAPNG) {
        assertThat(SimTesting.read(file))
            .as("seed %d, %s: probes read back", seed, format.label())
            .isEqualTo(generated);
      }
    }
    assertThat(generated).as("seed %d: some probes", seed).hasSizeGreaterThan(1000);
  }
}

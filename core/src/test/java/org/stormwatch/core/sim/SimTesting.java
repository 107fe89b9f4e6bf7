package org.stormwatch.core.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.aggregate.PortActivityAggregator;
import org.stormwatch.core.input.InputOptions;
import org.stormwatch.core.input.Inputs;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.model.Probe;

/** Helpers for the simulator's tests. */
final class SimTesting {
  private SimTesting() {}

  /** Writes the scenario in a format, and returns its truth (day buckets). */
  static Truth write(Scenario s, SimulationWriter.Format format, Path file) throws IOException {
    TruthRecorder truth = new TruthRecorder(s, BucketSize.DAY);
    try (OutputStream out = Files.newOutputStream(file);
        SimulationWriter writer = new SimulationWriter(format, out)) {
      new ScenarioGenerator(s)
          .generate(
              p -> {
                writer.accept(p);
                truth.accept(p);
              });
    }
    return truth.truth();
  }

  /** The bytes of the scenario in a format. */
  static byte[] bytes(Scenario s, SimulationWriter.Format format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SimulationWriter writer = new SimulationWriter(format, out)) {
      new ScenarioGenerator(s).generate(writer);
    }
    return out.toByteArray();
  }

  /** Every probe read back from a file through the entry point users' files take. */
  static List<Probe> read(Path file) throws Exception {
    List<Probe> probes = new ArrayList<>();
    Inputs.read(file.toString(), InputOptions.defaults(), probes::add, new ReadStats());
    return probes;
  }

  /** The port report (day buckets) of a file. */
  static List<PortActivity> report(Path file) throws Exception {
    PortActivityAggregator aggregator = new PortActivityAggregator(BucketSize.DAY);
    Inputs.read(file.toString(), InputOptions.defaults(), aggregator, new ReadStats());
    return aggregator.rows();
  }

  /** The background without heavy hitters, for tests of the plain Poisson part. */
  static Scenario withoutHeavyHitters(Scenario s) {
    Background b = s.background();
    Background quiet =
        new Background(
            b.sensorNetwork(),
            b.sensorPrefix(),
            b.probesPerDay(),
            b.busyPorts(),
            b.portZipf(),
            b.quietPorts(),
            b.quietProbesPerWeek(),
            b.sources(),
            b.sourceZipf(),
            b.diurnalAmplitude(),
            b.peakHourUtc(),
            b.weekendFactor(),
            0,
            b.heavyScanners(),
            b.nbnsLookupsPerDay());
    return new Scenario(s.name(), s.seed(), s.scale(), s.start(), s.days(), quiet, s.outbreaks());
  }
}

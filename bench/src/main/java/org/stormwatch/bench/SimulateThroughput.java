package org.stormwatch.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.stormwatch.core.sim.Scenario;
import org.stormwatch.core.sim.ScenarioGenerator;
import org.stormwatch.core.sim.SimulationWriter;

/**
 * How fast the simulator writes probes: the {@code port137-2002} preset, scaled so that it makes
 * about {@code MILLIONS} million probes, generated once to a sink that only counts (warm-up), then
 * timed to that sink and to a pcap file. The scale is found from a run at scale 0.01 (probes grow
 * linearly with the scale, up to the Poisson noise).
 *
 * <p>Usage: {@code SimulateThroughput MILLIONS [FILE.pcap] [SEED]}
 */
public final class SimulateThroughput {
  private SimulateThroughput() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: SimulateThroughput MILLIONS [FILE.pcap] [SEED]");
      System.exit(2);
    }
    double millions = Double.parseDouble(args[0]);
    Path file = Path.of(args.length > 1 ? args[1] : "simulate-throughput.pcap");
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
    long calibration = count(Scenario.preset("port137-2002", seed, 0.01));
    double scale = 0.01 * millions * 1e6 / calibration;
    Scenario s = Scenario.preset("port137-2002", seed, scale);
    System.out.printf(Locale.ROOT, "port137-2002, seed %d, scale %.3f%n", seed, scale);

    count(s); // warm-up
    long t0 = System.nanoTime();
    long n = count(s);
    report("null sink", n, System.nanoTime() - t0, -1);

    t0 = System.nanoTime();
    try (OutputStream out = Files.newOutputStream(file);
        SimulationWriter writer = new SimulationWriter(SimulationWriter.Format.PCAP, out)) {
      n = new ScenarioGenerator(s).generate(writer);
    }
    report("pcap " + file, n, System.nanoTime() - t0, Files.size(file));
  }

  private static long count(Scenario s) {
    long[] sum = new long[1];
    long n = new ScenarioGenerator(s).generate(p -> sum[0] += p.probe().dstPort());
    if (sum[0] == 42) {
      System.out.println(); // keeps the sink's work observable
    }
    return n;
  }

  private static void report(String what, long probes, long nanos, long bytes) {
    System.out.printf(
        Locale.ROOT,
        "%-40s %,d probes in %.2f s: %,.0f probes/s%s%n",
        what,
        probes,
        nanos / 1e9,
        probes / (nanos / 1e9),
        bytes < 0 ? "" : String.format(Locale.ROOT, ", %,d bytes", bytes));
  }
}

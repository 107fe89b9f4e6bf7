package org.stormwatch.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.aggregate.PortReport;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.detect.DetectionMethod;
import org.stormwatch.core.detect.DetectionReport;
import org.stormwatch.core.input.InputOptions;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.sim.Scenario;
import org.stormwatch.core.sim.ScenarioGenerator;
import org.stormwatch.core.sim.SimulationWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stormwatch demo}: simulates September 2002 on port 137, then reads the capture back as any
 * user's capture and tells what it finds.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Simulates the port-137 surge of September 2002 and finds it.",
      "Writes a capture of the 'port137-2002' scenario (four weeks of background scanning, then",
      "forged NetBIOS lookups from many new sources), reads it back like any capture, detects",
      "the surge and prints the alert and the port report around it."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      defaultValue = "stormwatch-demo",
      paramLabel = "DIR",
      description = "Where to write the capture (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--seed",
      defaultValue = "2002",
      paramLabel = "N",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--scale",
      defaultValue = "0.05",
      paramLabel = "X",
      description =
          "Size of the simulated Internet; 1 is ISC-like tens of thousands of sources a day (default: ${DEFAULT-VALUE}).")
  double scale;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!(scale > 0 && scale <= 10)) {
      err.println("stormwatch demo: --scale must be above 0 and at most 10, not " + scale);
      return Main.EXIT_INPUT;
    }
    Files.createDirectories(dir);
    Path capture = dir.resolve("port137-2002.pcap");
    Scenario scenario = Scenario.preset("port137-2002", seed, scale);
    long written;
    try (OutputStream file = Files.newOutputStream(capture);
        SimulationWriter writer = new SimulationWriter(SimulationWriter.Format.PCAP, file)) {
      written = new ScenarioGenerator(scenario).generate(writer);
    }
    out.printf(
        "Simulated %s: %,d probes from %s to %s (seed %d, scale %s).%n%n",
        capture, written, day(scenario.start()), day(scenario.end().minusSeconds(1)), seed, scale);

    BucketSize bucket = BucketSize.DAY;
    InputRunner runner = new InputRunner(err, false);
    SurgeRun.Result run =
        SurgeRun.run(
            runner,
            List.of(capture.toString()),
            InputOptions.defaults(),
            bucket,
            DetectionMethod.DEFAULT);
    if (!run.allRead()) {
      return Main.EXIT_INTERNAL;
    }
    List<PortActivity> rows = run.rows();
    DetectionReport report = run.report();
    out.println("What Stormwatch finds in it:");
    if (report.alerts().isEmpty()) {
      out.println("  no surge.");
    }
    for (Alert alert : report.alerts()) {
      out.println("  " + alert.summary());
    }
    for (String note : report.notes()) {
      out.println("  note: " + note);
    }
    out.println();
    Instant from = Instant.parse("2002-09-21T00:00:00Z");
    List<PortActivity> around = new ArrayList<>();
    for (PortActivity row : PortReport.filter(rows, 137, Protocol.UDP)) {
      if (!row.start().isBefore(from)) {
        around.add(row);
      }
    }
    out.println("The port report of 137/udp around the onset:");
    PortReportPrinter.print(around, OutputFormat.table, bucket, out);
    out.println();
    out.printf(
        "Try: ./stormwatch detect --format jsonl %s%n     ./stormwatch nbns --forged-only %s | head%n",
        capture, capture);
    runner.printSummary();
    return 0;
  }

  private static String day(Instant t) {
    return t.toString().substring(0, 10);
  }
}

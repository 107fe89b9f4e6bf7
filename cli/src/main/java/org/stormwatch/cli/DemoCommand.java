package org.stormwatch.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.aggregate.PortActivityAggregator;
import org.stormwatch.core.aggregate.PortReport;
import org.stormwatch.core.input.InputOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stormwatch demo}: writes a sample capture and prints its port report. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a sample capture and prints its port report.",
      "The capture holds ten days of background scanning, then the forged NetBIOS lookups of",
      "September 2002 on 137/udp, written with Stormwatch's own writer."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      defaultValue = "stormwatch-demo",
      paramLabel = "DIR",
      description = "Where to write the sample capture (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--seed",
      defaultValue = "2002",
      paramLabel = "N",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Files.createDirectories(dir);
    Path capture = dir.resolve("sample-2002-09.pcap");
    long packets;
    try (OutputStream file = Files.newOutputStream(capture)) {
      packets = new DemoScenario(seed).write(file);
    }
    out.printf(
        "Wrote %s: %,d packets, %s to %s.%n%n",
        capture,
        packets,
        DemoScenario.START.toString().substring(0, 10),
        DemoScenario.START
            .plusSeconds((DemoScenario.DAYS - 1) * 86_400L)
            .toString()
            .substring(0, 10));
    PortActivityAggregator aggregator = new PortActivityAggregator(BucketSize.DAY);
    InputRunner runner = new InputRunner(err, false);
    if (!runner.readAll(List.of(capture.toString()), InputOptions.defaults(), aggregator)) {
      return Main.EXIT_INTERNAL;
    }
    List<PortActivity> rows = PortReport.filter(aggregator.rows(), 137, null);
    out.println("The port report of 137 (NetBIOS name service), day by day:");
    PortReportPrinter.print(rows, OutputFormat.table, BucketSize.DAY, out);
    out.println();
    out.println("The top 5 ports over the whole capture, day by day:");
    PortReportPrinter.print(
        PortReport.top(aggregator.rows(), 5), OutputFormat.table, BucketSize.DAY, out);
    out.println();
    out.printf("Try: ./stormwatch report --top 5 --format csv %s%n", capture);
    runner.printSummary();
    return 0;
  }
}

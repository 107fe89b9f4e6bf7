package org.stormwatch.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.aggregate.PortActivityAggregator;
import org.stormwatch.core.aggregate.PortReport;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.store.History;
import org.stormwatch.store.PortQuery;
import org.stormwatch.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stormwatch report}: the ISC port report of the inputs. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the port report (ISC's): per port, protocol and UTC time bucket,",
      "the probes (records), their distinct source addresses (sources) and distinct destination",
      "addresses (targets). Counts are exact.",
      "",
      "A probe is a TCP segment without ACK and without RST (a SYN, or a FIN, NULL or Xmas",
      "scan), a UDP datagram that is no reply (its reverse address/port pair was not seen in the",
      "120 s before), or an ICMP echo request (port = ICMP type 8). Log lines of dropped packets",
      "are probes by the same rules. A summary of what was read goes to stderr."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:done (malformed records, if any, are counted and reported)",
      "2:bad usage, or an input that could not be read"
    })
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--bucket",
      defaultValue = "1d",
      paramLabel = "1d|1h",
      description = "Time bucket, UTC-aligned (default: ${DEFAULT-VALUE}).",
      converter = BucketConverter.class)
  BucketSize bucket;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Only this destination port (ICMP: the type).")
  Integer port;

  @Option(
      names = "--protocol",
      paramLabel = "tcp|udp|icmp",
      description = "Only this protocol.",
      converter = ProtocolConverter.class)
  Protocol protocol;

  @Option(
      names = "--top",
      paramLabel = "N",
      description =
          "Only the N ports with the most records over the whole range, like ISC's top ports (default: all rows in csv and jsonl, 20 ports in the table; 0 for all).")
  Integer top;

  @Option(
      names = "--format",
      defaultValue = "table",
      paramLabel = "table|csv|jsonl",
      description =
          "Output format (default: ${DEFAULT-VALUE}). csv and jsonl carry start, port, protocol, records, sources, targets.")
  OutputFormat format;

  @Mixin InputMixin input;

  @Mixin StoreMixin store;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (port != null && (port < 0 || port > 65535)) {
      err.println("stormwatch report: --port must be 0 to 65535, not " + port);
      return Main.EXIT_INPUT;
    }
    if (top != null && top < 0) {
      err.println("stormwatch report: --top must be 0 or more, not " + top);
      return Main.EXIT_INPUT;
    }
    List<PortActivity> rows;
    InputRunner runner = null;
    boolean allRead = true;
    if (input.inputs == null || input.inputs.isEmpty()) {
      if (!store.given()) {
        err.println(
            "stormwatch report: give INPUT files, or --data DIR / --db URL to read history");
        return Main.EXIT_INPUT;
      }
      try (History history = History.open(store.location())) {
        rows = history.portActivity(new PortQuery(port, protocol, null, null, bucket));
      } catch (StoreException e) {
        err.println("stormwatch report: " + e.getMessage());
        return Main.EXIT_INPUT;
      }
    } else {
      PortActivityAggregator aggregator = new PortActivityAggregator(bucket);
      runner = input.runner(err);
      allRead = runner.readAll(input.inputs, input.options(), aggregator);
      rows = PortReport.filter(aggregator.rows(), port, protocol);
    }
    int n = top != null ? top : format == OutputFormat.table ? 20 : 0;
    if (n > 0) {
      rows = PortReport.top(rows, n);
    }
    PortReportPrinter.print(rows, format, bucket, out);
    if (runner != null) {
      runner.printSummary();
    }
    return allRead ? 0 : Main.EXIT_INPUT;
  }
}

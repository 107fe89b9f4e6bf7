package org.stormwatch.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.stormwatch.core.model.JsonText;
import org.stormwatch.core.scan.ScannerDetector;
import org.stormwatch.core.scan.ScannerFinding;
import org.stormwatch.store.History;
import org.stormwatch.store.StoreException;
import org.stormwatch.store.StoreLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stormwatch scanners}: the sources that scan, with the evidence. */
@Command(
    name = "scanners",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the scanners among the probes' sources: how they were found, when, after how many",
      "probes, and the kind of scan (horizontal: one port, many targets; vertical: one target,",
      "many ports; block: many of both).",
      "",
      "Where the inputs show replies (two-way captures), a source is a scanner when the",
      "Threshold Random Walk over the outcomes of its first contacts says so (4 failures in a",
      "row: RST or no answer within 3 s), or when its failed first contacts reach 25 targets on",
      "one port or 15 ports on one target within 5 minutes. Where they show none (firewall logs",
      "of dropped packets, one-way captures) only those window thresholds apply, to every probe.",
      "With --data DIR or --db URL and no INPUT, the stored probes (within their retention)",
      "are read in time order; history keeps no replies, so only the window thresholds apply.",
      "See docs/scanners.md. A summary of what was read goes to stderr."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:done (malformed records, if any, are counted and reported)",
      "2:bad usage, or an input that could not be read"
    })
final class ScannersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--format",
      defaultValue = "table",
      paramLabel = "table|jsonl",
      description =
          "Output format (default: ${DEFAULT-VALUE}). jsonl carries source, kind, method,"
              + " first_seen, detected, probes_to_detection, evidence, probes, ports, targets,"
              + " example_ports.")
  String format;

  @Mixin InputMixin input;

  @Mixin StoreMixin store;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!format.equals("table") && !format.equals("jsonl")) {
      err.println("stormwatch scanners: --format must be table or jsonl, not '" + format + "'");
      return Main.EXIT_INPUT;
    }
    if (input.inputs == null || input.inputs.isEmpty()) {
      if (!store.given()) {
        err.println(
            "stormwatch scanners: give one or more INPUT files, or --data DIR / --db URL to read"
                + " history");
        return Main.EXIT_INPUT;
      }
      return fromHistory(out, err);
    }
    ScannerDetector detector = new ScannerDetector();
    InputRunner runner = input.runner(err);
    boolean allRead = runner.readAll(input.inputs, input.options(), detector);
    print(detector, out);
    runner.printSummary();
    return allRead ? 0 : Main.EXIT_INPUT;
  }

  /**
   * The stored probes, in time order, through the same detector. History keeps no replies, so only
   * the window thresholds apply, as for logs of drops.
   */
  private int fromHistory(PrintWriter out, PrintWriter err) {
    ScannerDetector detector = new ScannerDetector();
    long probes;
    StoreLocation location = store.location();
    try (History history = History.open(location)) {
      probes = history.probesInTimeOrder(null, null, detector::probe);
    } catch (StoreException e) {
      err.println("stormwatch scanners: " + e.getMessage());
      return Main.EXIT_INPUT;
    }
    print(detector, out);
    err.printf("read %,d stored probes from %s%n", probes, location);
    err.flush();
    return 0;
  }

  private void print(ScannerDetector detector, PrintWriter out) {
    List<ScannerFinding> findings = detector.findings();
    if (format.equals("jsonl")) {
      findings.forEach(f -> out.println(json(f)));
    } else {
      table(findings, detector.repliesSeen(), out);
    }
    out.flush();
  }

  static String json(ScannerFinding f) {
    return "{\"source\":"
        + JsonText.quote(f.source().toString())
        + ",\"kind\":"
        + JsonText.quote(f.kind().label())
        + ",\"method\":"
        + JsonText.quote(f.method().label())
        + ",\"first_seen\":"
        + JsonText.quote(f.firstSeen().toString())
        + ",\"detected\":"
        + JsonText.quote(f.detectedAt().toString())
        + ",\"probes_to_detection\":"
        + f.probesToDetection()
        + ",\"evidence\":"
        + f.evidence()
        + ",\"probes\":"
        + f.probes()
        + ",\"ports\":"
        + f.ports()
        + ",\"targets\":"
        + f.targets()
        + ",\"example_ports\":["
        + f.examplePorts().stream().map(JsonText::quote).collect(Collectors.joining(","))
        + "]}";
  }

  private static void table(List<ScannerFinding> findings, boolean replies, PrintWriter out) {
    out.println(
        replies
            ? "Replies seen: first-contact test (trw) and windows over failed first contacts."
            : "No replies seen: window thresholds over all probes only.");
    List<String[]> rows = new ArrayList<>();
    for (ScannerFinding f : findings) {
      String capped = f.countsCapped() ? "+" : "";
      rows.add(
          new String[] {
            f.source().toString(),
            f.kind().label(),
            f.method().label(),
            f.firstSeen().toString(),
            f.detectedAt().toString(),
            Long.toString(f.probesToDetection()),
            Integer.toString(f.evidence()),
            Long.toString(f.probes()),
            f.ports() + capped,
            f.targets() + capped,
            String.join(",", f.examplePorts())
          });
    }
    Table.print(
        rows,
        new String[] {
          "SOURCE",
          "KIND",
          "METHOD",
          "FIRST SEEN",
          "DETECTED",
          "PROBES TO DETECTION",
          "EVIDENCE",
          "PROBES",
          "PORTS",
          "TARGETS",
          "E.G. PORTS"
        },
        out);
  }
}

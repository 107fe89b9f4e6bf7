package org.stormwatch.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.sim.Outbreak;
import org.stormwatch.core.sim.Scenario;
import org.stormwatch.core.sim.ScenarioGenerator;
import org.stormwatch.core.sim.SimulationWriter;
import org.stormwatch.core.sim.TruthRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stormwatch simulate}: writes a scenario's probes and, on request, its ground truth. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Writes simulated Internet scanning as a capture or firewall log, with its ground truth.",
      "Background scanning over many ports (daily and weekly cycles, heavy hitters, quiet ports",
      "that see a probe a week) plus outbreaks: new sources on one port from an onset, growing.",
      "The same preset, seed and scale give the same bytes.",
      "",
      "Presets: port137-2002 (the forged NBNS lookups of September 2002), quiet-port,",
      "busy-port, background (no outbreak), random (drawn from the seed)."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:done", "2:bad usage, or an output that could not be written"})
final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--preset",
      required = true,
      paramLabel = "NAME",
      description = "port137-2002, quiet-port, busy-port, background or random.")
  String preset;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "N",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--scale",
      defaultValue = "1",
      paramLabel = "X",
      description =
          "Multiplies the rates (default: ${DEFAULT-VALUE}: about 200,000 background probes a day).")
  double scale;

  @Option(
      names = "--days",
      paramLabel = "N",
      description = "Days to simulate (default: the preset's).")
  Integer days;

  @Option(
      names = "--format",
      defaultValue = "pcap",
      paramLabel = "pcap|pcapng|netfilter|dshield",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the probes.")
  Path out;

  @Option(
      names = "--truth",
      paramLabel = "FILE",
      description = "Where to write the ground truth (JSON: per day, port and protocol).")
  Path truth;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Scenario scenario;
    SimulationWriter.Format outputFormat;
    try {
      outputFormat = SimulationWriter.Format.parse(format);
      if (!(scale > 0) || scale > 1e6) {
        throw new IllegalArgumentException("--scale must be above 0 and at most 1e6, not " + scale);
      }
      if (days != null && (days < 1 || days > Scenario.MAX_DAYS)) {
        throw new IllegalArgumentException(
            "--days must be 1 to " + Scenario.MAX_DAYS + ", not " + days);
      }
      scenario = Scenario.preset(preset, seed, scale);
      if (days != null) {
        scenario = scenario.withDays(days);
      }
    } catch (IllegalArgumentException e) {
      err.println("stormwatch simulate: " + e.getMessage());
      return Main.EXIT_INPUT;
    }
    TruthRecorder recorder = truth == null ? null : new TruthRecorder(scenario, BucketSize.DAY);
    long probes;
    try (OutputStream file = Files.newOutputStream(out);
        SimulationWriter writer = new SimulationWriter(outputFormat, file)) {
      probes =
          new ScenarioGenerator(scenario)
              .generate(
                  p -> {
                    writer.accept(p);
                    if (recorder != null) {
                      recorder.accept(p);
                    }
                  });
    } catch (IOException | UncheckedIOException e) {
      err.println("stormwatch simulate: cannot write " + out + ": " + message(e));
      return Main.EXIT_INPUT;
    }
    if (recorder != null) {
      try (Writer w = new BufferedWriter(Files.newBufferedWriter(truth, StandardCharsets.UTF_8))) {
        recorder.truth().writeJson(w);
      } catch (IOException e) {
        err.println("stormwatch simulate: cannot write " + truth + ": " + message(e));
        return Main.EXIT_INPUT;
      }
    }
    err.println(summary(scenario, probes, outputFormat));
    return 0;
  }

  private String summary(Scenario s, long probes, SimulationWriter.Format f) {
    StringBuilder sb = new StringBuilder("stormwatch simulate: ");
    sb.append(String.format(Locale.ROOT, "%,d probes", probes))
        .append(", ")
        .append(s.start().toString(), 0, 10)
        .append(" to ")
        .append(s.end().minusSeconds(1).toString(), 0, 10)
        .append("; ");
    if (s.outbreaks().isEmpty()) {
      sb.append("no outbreak");
    } else {
      sb.append(s.outbreaks().size())
          .append(s.outbreaks().size() == 1 ? " outbreak (" : " outbreaks (");
      for (int i = 0; i < s.outbreaks().size(); i++) {
        Outbreak o = s.outbreaks().get(i);
        sb.append(i > 0 ? ", " : "").append(o.servicePort()).append(" from ").append(o.onset());
      }
      sb.append(')');
    }
    sb.append("; ").append(f.label()).append(' ').append(out).append(' ').append(size(out));
    if (truth != null) {
      sb.append("; truth ").append(truth).append(' ').append(size(truth));
    }
    return sb.toString();
  }

  private static String size(Path p) {
    try {
      long bytes = Files.size(p);
      if (bytes < 10_000) {
        return "(" + bytes + " bytes)";
      }
      if (bytes < 10_000_000) {
        return String.format(Locale.ROOT, "(%.1f kB)", bytes / 1e3);
      }
      return String.format(Locale.ROOT, "(%.1f MB)", bytes / 1e6);
    } catch (IOException e) {
      return "(size unknown)";
    }
  }

  private static String message(Exception e) {
    Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
    String m = cause.getMessage();
    return cause.getClass().getSimpleName() + (m == null ? "" : " " + m);
  }
}

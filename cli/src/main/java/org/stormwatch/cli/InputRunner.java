package org.stormwatch.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.InputOptions;
import org.stormwatch.core.input.Inputs;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.input.Tally;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.ProbeSink;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.probe.ContactListener;

/**
 * Reads every input into one sink: an input that cannot be read is reported in one line and the
 * others are still read. Prints the summary of what was read on stderr.
 */
final class InputRunner {
  private final PrintWriter err;
  private final boolean progress;
  private final ReadStats stats = new ReadStats();
  private int failedInputs;

  InputRunner(PrintWriter err, boolean progress) {
    this.err = err;
    this.progress = progress && stderrIsTerminal();
  }

  /** Reads all inputs; returns whether every one of them could be read. */
  boolean readAll(List<String> inputs, InputOptions options, ProbeSink sink) {
    return readAll(inputs, options, sink, null);
  }

  /** Like {@link #readAll(List, InputOptions, ProbeSink)}, and tells of captures' replies too. */
  boolean readAll(List<String> inputs, InputOptions options, ContactListener contacts) {
    return readAll(inputs, options, contacts::probe, contacts);
  }

  /**
   * Reads all inputs: probes go to {@code sink}, the replies of captures to {@code replies} (its
   * {@code probe} is not called); null for none.
   */
  boolean readAll(
      List<String> inputs, InputOptions options, ProbeSink sink, ContactListener replies) {
    ProgressBar bar =
        progress
            ? new ProgressBarBuilder()
                .setTaskName("reading")
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" probes", 1)
                .continuousUpdate()
                .build()
            : null;
    ProbeSink counted = bar == null ? sink : new Counting(sink, bar);
    Inputs reader = new Inputs(options);
    try {
      for (String input : inputs) {
        if (bar != null) {
          bar.setExtraMessage(input);
        }
        ReadStats one = new ReadStats();
        try {
          if (replies == null) {
            reader.read(input, counted, one);
          } else {
            reader.read(input, withReplies(counted, replies), one);
          }
        } catch (InputException e) {
          failedInputs++;
          err.println("stormwatch: " + e.getMessage());
        }
        stats.addAll(one);
      }
    } finally {
      if (bar != null) {
        bar.stepTo(stats.probes());
        bar.close();
      }
    }
    return failedInputs == 0;
  }

  /** Steps the progress bar every 65,536 probes; passes fields on as fields (no Probe made). */
  private static final class Counting implements ProbeSink {
    private final ProbeSink sink;
    private final ProgressBar bar;
    private long n;

    Counting(ProbeSink sink, ProgressBar bar) {
      this.sink = sink;
      this.bar = bar;
    }

    @Override
    public void accept(Probe probe) {
      sink.accept(probe);
      step();
    }

    @Override
    public void acceptFields(
        long timeNanos,
        long srcHi,
        long srcLo,
        int srcPort,
        long dstHi,
        long dstLo,
        int dstPort,
        Protocol protocol,
        int tcpFlags,
        int ipLength,
        int ttl) {
      sink.acceptFields(
          timeNanos, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort, protocol, tcpFlags, ipLength,
          ttl);
      step();
    }

    private void step() {
      if ((++n & 0xffff) == 0) {
        bar.stepTo(n);
      }
    }
  }

  private static ContactListener withReplies(ProbeSink probes, ContactListener replies) {
    return new ContactListener() {
      @Override
      public void probe(Probe probe) {
        probes.accept(probe);
      }

      @Override
      public void reply(
          long timeNanos,
          long srcHi,
          long srcLo,
          int srcPort,
          long dstHi,
          long dstLo,
          int dstPort,
          Protocol protocol,
          int tcpFlags) {
        replies.reply(timeNanos, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort, protocol, tcpFlags);
      }
    };
  }

  ReadStats stats() {
    return stats;
  }

  /** The summary: inputs, units read and what they were; then warnings and examples of damage. */
  void printSummary() {
    err.printf(
        "read %d input%s%s: %,d packets or lines%n",
        stats.files(),
        stats.files() == 1 ? "" : "s",
        failedInputs > 0 ? " (" + failedInputs + " could not be read)" : "",
        stats.units());
    err.printf("  probes      %,d%n", stats.probes());
    err.printf("  not probes  %,d%s%n", stats.notProbes().total(), reasons(stats.notProbes()));
    err.printf("  malformed   %,d%s%n", stats.malformed().total(), reasons(stats.malformed()));
    if (stats.skipped().total() > 0) {
      err.printf("  also skipped:%s%n", reasons(stats.skipped()));
    }
    for (String warning : stats.warnings()) {
      err.println("warning: " + warning);
    }
    if (stats.malformed().total() > 0) {
      for (String example : stats.examples()) {
        err.println("  e.g. " + example);
      }
      if (stats.warnings().isEmpty()) {
        err.println(
            "warning: "
                + stats.malformed().total()
                + " malformed packets or lines were counted and passed over");
      }
    }
    err.flush();
  }

  private static String reasons(Tally tally) {
    if (tally.total() == 0) {
      return "";
    }
    StringBuilder sb = new StringBuilder("  (");
    boolean first = true;
    for (Map.Entry<String, Long> e : tally.asMap().entrySet()) {
      sb.append(first ? "" : ", ")
          .append(e.getKey())
          .append(": ")
          .append(String.format("%,d", e.getValue()));
      first = false;
    }
    return sb.append(')').toString();
  }

  /** Linux: whether file descriptor 2 is a terminal. Elsewhere, whether there is a console. */
  private static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (Exception e) {
      return System.console() != null;
    }
  }
}

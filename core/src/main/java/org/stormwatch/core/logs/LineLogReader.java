package org.stormwatch.core.logs;

import java.io.IOException;
import java.io.InputStream;
import org.stormwatch.core.input.ProbeReader;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.logs.Outcome.Emit;
import org.stormwatch.core.logs.Outcome.Malformed;
import org.stormwatch.core.logs.Outcome.Skip;
import org.stormwatch.core.model.ProbeSink;

/**
 * Reads a line-oriented log through one {@link LineParser}, streaming: each line counts once in
 * {@link ReadStats} (a unit, then exactly one of probe, not-a-probe or malformed), so that the
 * summary adds up to the lines read. A parser that throws despite its contract costs its line (it
 * is counted as malformed, with the exception in the detail), never the file.
 */
final class LineLogReader implements ProbeReader {
  private final String name;
  private final InputStream in;
  private final LineParser parser;

  LineLogReader(String name, InputStream in, LineParser parser) {
    this.name = name;
    this.in = in;
    this.parser = parser;
  }

  @Override
  public void read(ProbeSink sink, ReadStats stats) throws IOException {
    LineSource source = new LineSource(in);
    NetfilterParser netfilter = parser instanceof NetfilterParser ? (NetfilterParser) parser : null;
    ByteLine line;
    while (true) {
      if (netfilter != null && (line = source.open()) != null) {
        readOpen(netfilter, source, line, sink, stats);
        continue;
      }
      line = source.next();
      if (line == null) {
        break;
      }
      if (source.tooLong()) {
        stats.malformed(
            where(line), "line too long", "over " + LineSource.MAX_LINE + " bytes, cut there");
        continue;
      }
      count(line, parseClosed(line), sink, stats);
    }
    parser.finish(stats);
  }

  /**
   * One netfilter line that {@link LineSource#open} gave: parsed in the same pass that finds its
   * end, a probe handed to the sink as fields ({@link ProbeSink#acceptFields}). A line that starts
   * blank or ends in {@code \r} is closed first and parsed as usual.
   */
  private void readOpen(
      NetfilterParser netfilter,
      LineSource source,
      ByteLine line,
      ProbeSink sink,
      ReadStats stats) {
    byte[] b = line.bytes();
    int start = line.start();
    byte first = b[start];
    if (first != ' ' && first != '\t' && first != '\n' && first != '\r') {
      Outcome outcome = null;
      boolean failed = false;
      try {
        outcome = netfilter.scanOpen(line);
      } catch (RuntimeException e) {
        failed = true;
      }
      int newline = netfilter.lineEnd();
      if (!failed && newline >= start && (newline == start || b[newline - 1] != '\r')) {
        source.close(newline);
        if (outcome == null) {
          // A probe, handed on as fields: no Probe and no Outcome object per line.
          stats.probe();
          netfilter.emit(sink);
        } else {
          count(line, outcome, sink, stats);
        }
        return;
      }
    }
    source.closeAtNewline();
    count(line, parseClosed(line), sink, stats);
  }

  private Outcome parseClosed(ByteLine line) {
    if (line.isBlank()) {
      return Outcome.BLANK;
    }
    try {
      return parser.parse(line);
    } catch (RuntimeException e) {
      return Outcome.malformed("unexpected parse failure", e.toString());
    }
  }

  private void count(ByteLine line, Outcome outcome, ProbeSink sink, ReadStats stats) {
    if (outcome instanceof Emit) {
      Emit emit = (Emit) outcome;
      for (int k = 0; k < emit.count(); k++) {
        stats.probe();
        sink.accept(emit.probe());
      }
    } else if (outcome instanceof Skip) {
      stats.notProbe(((Skip) outcome).reason());
    } else {
      Malformed m = (Malformed) outcome;
      stats.malformed(where(line), m.reason(), m.detail());
    }
  }

  private String where(ByteLine line) {
    return name + ": line " + line.number();
  }
}

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
    stats.fileOpened();
    LineSource source = new LineSource(in);
    ByteLine line;
    while ((line = source.next()) != null) {
      if (source.tooLong()) {
        stats.malformed(
            where(line), "line too long", "over " + LineSource.MAX_LINE + " bytes, cut there");
        continue;
      }
      if (line.isBlank()) {
        stats.notProbe(Outcome.BLANK.reason());
        continue;
      }
      Outcome outcome;
      try {
        outcome = parser.parse(line);
      } catch (RuntimeException e) {
        outcome = Outcome.malformed("unexpected parse failure", e.toString());
      }
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
    parser.finish(stats);
  }

  private String where(ByteLine line) {
    return name + ": line " + line.number();
  }
}

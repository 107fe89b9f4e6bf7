package org.stormwatch.core.logs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.model.Probe;

/** Reads logs through the public entry point and keeps what came out, for assertions. */
final class LogTesting {
  static final Path REAL_LOGS = Path.of("/work/shared/data/real/logs");

  private LogTesting() {}

  record Result(List<Probe> probes, ReadStats stats) {
    /** The ReadStats invariant: every unit is a probe, not a probe, or malformed. */
    boolean addsUp() {
      return stats.units()
          == stats.probes() + stats.notProbes().total() + stats.malformed().total();
    }
  }

  static Result read(String text, LogOptions options) throws IOException, InputException {
    return read(
        "test.log", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), options);
  }

  static Result read(String name, InputStream in, LogOptions options)
      throws IOException, InputException {
    List<Probe> probes = new ArrayList<>();
    ReadStats stats = new ReadStats();
    LogInputs.open(name, in, options).read(probes::add, stats);
    return new Result(probes, stats);
  }

  static Result read(Path file, LogOptions options) throws IOException, InputException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(
          file.getFileName().toString(),
          in,
          options.withFileModified(Files.getLastModifiedTime(file).toInstant()));
    }
  }

  /** The only outcome of one line through a parser. */
  static Outcome one(LineParser parser, String line) {
    return parser.parse(ByteLine.of(line));
  }

  static Probe probe(LineParser parser, String line) {
    Outcome o = one(parser, line);
    if (!(o instanceof Outcome.Emit)) {
      throw new AssertionError("expected a probe from '" + line + "' but got " + o);
    }
    return ((Outcome.Emit) o).probe();
  }
}

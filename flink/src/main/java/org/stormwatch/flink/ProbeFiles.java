package org.stormwatch.flink;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.stormwatch.core.codec.ProbeCodec;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.InputOptions;
import org.stormwatch.core.input.Inputs;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.ProbeSink;

/**
 * Writes files of encoded probes (the layout of {@link ProbeFileFormat}); its main turns captures
 * and logs, read by core's {@link Inputs}, into one such file for a backfill:
 *
 * <pre>
 * java -cp "stormwatch-flink.jar:$FLINK_HOME/lib/*" org.stormwatch.flink.ProbeFiles OUT.probes INPUT...
 * </pre>
 *
 * <p>Flink's jars (a distribution's {@code lib/}) give the logging API the jar leaves out.
 */
public final class ProbeFiles implements ProbeSink, AutoCloseable {
  private final DataOutputStream out;
  private long written;

  public ProbeFiles(OutputStream out) {
    this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
  }

  @Override
  public void accept(Probe p) {
    byte[] record = ProbeCodec.encode(p);
    try {
      out.writeShort(record.length);
      out.write(record);
      written++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long written() {
    return written;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: ProbeFiles OUT.probes INPUT...");
      System.exit(2);
    }
    ReadStats stats = new ReadStats();
    try (ProbeFiles files = new ProbeFiles(Files.newOutputStream(Path.of(args[0])))) {
      for (int i = 1; i < args.length; i++) {
        Inputs.read(args[i], InputOptions.defaults(), files, stats);
      }
      System.err.printf(
          "%d probes from %d inputs written to %s; %d malformed%n",
          files.written(), stats.files(), args[0], stats.malformed().total());
    } catch (InputException e) {
      System.err.println("stormwatch: " + e.getMessage());
      System.exit(1);
    }
  }
}

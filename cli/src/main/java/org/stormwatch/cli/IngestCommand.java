package org.stormwatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.input.Tally;
import org.stormwatch.core.model.Probe;
import org.stormwatch.store.Batch;
import org.stormwatch.store.History;
import org.stormwatch.store.Receipt;
import org.stormwatch.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stormwatch ingest}: adds inputs to history, each exactly once.
 *
 * <p>An input's submission key is the SHA-256 of its bytes, so the same content ingested again,
 * under any name, is recognised and skipped. A large input is committed in chunks of a fixed number
 * of probes, chunk {@code i} under the key {@code file:sha256:HASH:SIZE:i}; each chunk is one
 * transaction, reported only once committed. An ingest that is killed leaves whole chunks only, and
 * a re-run reads the input again and commits just the chunks not yet stored. The reading of an
 * input is deterministic, so chunk {@code i} holds the same probes every time. The rejected units
 * (malformed, not probes) of an input are recorded with its last chunk.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Adds captures and logs to history (a data directory, or PostgreSQL with --db): port",
      "activity per hour with distinct sources and targets (exact to 4096, then HyperLogLog,",
      "±1.6% at 95%), feature histograms, per-source activity, and the probes themselves,",
      "compressed, for drill-down. The same content ingested twice counts once; a large input is",
      "committed in chunks, so an interrupted ingest resumes where it stopped when run again.",
      "Then 'stormwatch report --data DIR' and 'stormwatch detect --data DIR' read history."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:done (inputs already stored are skipped)",
      "2:bad usage, an input that could not be read, or a store that could not be used"
    })
final class IngestCommand implements Callable<Integer> {
  static final String KEY_PREFIX = "file:sha256:";

  @Spec CommandSpec spec;

  @Mixin StoreMixin store;

  @Mixin InputMixin input;

  @Option(
      names = "--chunk-probes",
      defaultValue = "1000000",
      paramLabel = "N",
      description =
          "Probes per committed chunk (default: ${DEFAULT-VALUE}). An input keeps the chunk size it was first ingested with.")
  int chunkProbes;

  @Option(
      names = "--retention-days",
      paramLabel = "DAYS",
      description =
          "After ingesting, delete stored probes (not counts) of days older than DAYS before today. Default: keep them.")
  Integer retentionDays;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (input.inputs == null || input.inputs.isEmpty()) {
      err.println("stormwatch ingest: give one or more INPUT files");
      return Main.EXIT_INPUT;
    }
    if (chunkProbes < 1) {
      err.println("stormwatch ingest: --chunk-probes must be 1 or more, not " + chunkProbes);
      return Main.EXIT_INPUT;
    }
    if (retentionDays != null && retentionDays < 1) {
      err.println("stormwatch ingest: --retention-days must be 1 or more, not " + retentionDays);
      return Main.EXIT_INPUT;
    }
    if (input.sensor.isEmpty()) {
      input.sensor = "local";
    }
    String sensor = input.sensor;
    var options = input.options();
    var location = store.location();
    InputRunner runner = input.runner(err);
    boolean allRead = true;
    try (History history =
        History.open(
            location, retentionDays == null ? History.DEFAULT_RETENTION_DAYS : retentionDays)) {
      for (String name : input.inputs) {
        allRead &= ingest(history, runner, options, sensor, name, out, err);
      }
      if (retentionDays != null) {
        int deleted = history.prune(java.time.Instant.now());
        out.printf("pruned %,d probe chunks older than %d days%n", deleted, retentionDays);
      }
    } catch (StoreException e) {
      out.flush();
      err.println("stormwatch ingest: " + e.getMessage());
      return Main.EXIT_INPUT;
    }
    out.flush();
    runner.printSummary();
    return allRead ? 0 : Main.EXIT_INPUT;
  }

  private boolean ingest(
      History history,
      InputRunner runner,
      org.stormwatch.core.input.InputOptions options,
      String sensor,
      String name,
      PrintWriter out,
      PrintWriter err) {
    Path file;
    Path spooled = null;
    try {
      if (name.equals("-")) {
        spooled = Files.createTempFile("stormwatch-stdin", ".input");
        try (InputStream in = System.in) {
          Files.copy(in, spooled, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        file = spooled;
      } else {
        file = Path.of(name);
      }
      String hash;
      try {
        hash = sha256(file);
      } catch (java.nio.file.NoSuchFileException e) {
        err.println("stormwatch: " + name + ": no such file");
        return false;
      } catch (IOException e) {
        err.println("stormwatch: " + name + ": cannot read: " + e.getMessage());
        return false;
      }
      String prefix = KEY_PREFIX + hash + ":";
      Map<Integer, Receipt> done = new HashMap<>();
      int size = chunkProbes;
      boolean complete = false;
      long storedBefore = 0;
      for (Receipt r : history.submissionsWithKeyPrefix(prefix)) {
        String rest = r.key().substring(prefix.length());
        if (!rest.matches("[0-9]{1,9}:[0-9]{1,9}(:last)?")) {
          continue; // Not a chunk key of ingest (a submission that chose a key like it).
        }
        String[] parts = rest.split(":", -1);
        size = Integer.parseInt(parts[0]);
        done.put(Integer.parseInt(parts[1]), r);
        complete |= parts.length > 2 && parts[2].equals("last");
        storedBefore += r.probes();
      }
      if (complete) {
        out.printf(
            "%s: already stored (%,d probes in %d chunk%s): nothing added%n",
            name, storedBefore, done.size(), done.size() == 1 ? "" : "s");
        out.flush();
        return true;
      }
      if (!done.isEmpty() && size != chunkProbes) {
        err.printf(
            "%s: was first ingested in chunks of %,d probes; keeping that size%n", name, size);
      }
      ChunkingSink sink =
          new ChunkingSink(history, sensor, prefix + size + ":", size, done, name, out);
      Map<String, Long> before = rejected(runner.stats());
      boolean read = runner.readAll(List.of(file.toString()), options, sink);
      if (!read) {
        // Unreadable from the start, or damaged: what was committed stays; the rest is not stored.
        return false;
      }
      Map<String, Long> after = rejected(runner.stats());
      Map<String, Long> delta = new LinkedHashMap<>();
      after.forEach(
          (reason, n) -> {
            long d = n - before.getOrDefault(reason, 0L);
            if (d > 0) {
              delta.put(reason, d);
            }
          });
      sink.finish(delta);
      return true;
    } catch (IOException e) {
      err.println("stormwatch: " + name + ": cannot read standard input: " + e.getMessage());
      return false;
    } finally {
      if (spooled != null) {
        try {
          Files.deleteIfExists(spooled);
        } catch (IOException e) {
          err.println("stormwatch: cannot delete " + spooled + ": " + e.getMessage());
        }
      }
    }
  }

  private static Map<String, Long> rejected(ReadStats stats) {
    Map<String, Long> out = new LinkedHashMap<>();
    add(out, stats.malformed());
    add(out, stats.notProbes());
    return out;
  }

  private static void add(Map<String, Long> out, Tally tally) {
    tally.asMap().forEach((reason, n) -> out.merge(reason, n, Long::sum));
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        digest.update(buf, 0, n);
      }
    }
    StringBuilder hex = new StringBuilder(64);
    for (byte b : digest.digest()) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }

  /** Cuts an input's probes into numbered chunks and commits those not stored yet. */
  private static final class ChunkingSink implements org.stormwatch.core.model.ProbeSink {
    private final History history;
    private final String sensor;
    private final String keyPrefix;
    private final int size;
    private final Map<Integer, Receipt> done;
    private final String name;
    private final PrintWriter out;
    private final List<Probe> pending = new java.util.ArrayList<>();
    private long seen;
    private int chunk;
    private long storedProbes;
    private int storedChunks;
    private long skippedProbes;
    private int skippedChunks;

    ChunkingSink(
        History history,
        String sensor,
        String keyPrefix,
        int size,
        Map<Integer, Receipt> done,
        String name,
        PrintWriter out) {
      this.history = history;
      this.sensor = sensor;
      this.keyPrefix = keyPrefix;
      this.size = size;
      this.done = done;
      this.name = name;
      this.out = out;
    }

    @Override
    public void accept(Probe probe) {
      if (seen > 0 && seen % size == 0) {
        close(Map.of(), false);
        chunk++;
      }
      seen++;
      if (!done.containsKey(chunk)) {
        pending.add(probe);
      }
    }

    /** Commits the current chunk unless it is stored already. */
    private void close(Map<String, Long> rejected, boolean last) {
      Receipt earlier = done.get(chunk);
      if (earlier != null) {
        skippedChunks++;
        skippedProbes += earlier.probes();
        return;
      }
      Batch batch = history.begin(sensor, keyPrefix + chunk + (last ? ":last" : ""));
      pending.forEach(batch::accept);
      pending.clear();
      Receipt r = batch.commit(rejected);
      if (r.duplicate()) {
        skippedChunks++;
        skippedProbes += r.probes();
        out.printf("%s: chunk %d: already stored (submission %d)%n", name, chunk, r.id());
      } else {
        storedChunks++;
        storedProbes += r.probes();
        out.printf(
            "%s: chunk %d: stored %,d probes (submission %d)%n", name, chunk, r.probes(), r.id());
      }
      out.flush();
    }

    void finish(Map<String, Long> rejected) {
      // The last chunk, or chunk 0 of an input without probes: it carries the rejects.
      close(rejected, true);
      if (storedChunks == 0) {
        out.printf(
            "%s: already stored (%,d probes in %d chunk%s): nothing added%n",
            name, skippedProbes, skippedChunks, skippedChunks == 1 ? "" : "s");
      } else {
        out.printf(
            "%s: stored %,d probes in %d chunk%s%s%n",
            name,
            storedProbes,
            storedChunks,
            storedChunks == 1 ? "" : "s",
            skippedChunks == 0
                ? ""
                : String.format(
                    "; %,d probes in %d chunk%s were already stored",
                    skippedProbes, skippedChunks, skippedChunks == 1 ? "" : "s"));
      }
      out.flush();
    }
  }
}

package org.stormwatch.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.model.Probe;
import org.stormwatch.store.Batch;
import org.stormwatch.store.History;
import org.stormwatch.store.Receipt;
import org.stormwatch.store.StoreException;

/**
 * Submissions into the History store: one store batch per submission, committed once; the store's
 * submission keys keep a retried submission from counting twice.
 */
final class StoreSink implements SubmissionSink {
  private static final Logger LOG = LoggerFactory.getLogger(StoreSink.class);
  private static final int COMMIT_ATTEMPTS = 3;

  private final History history;
  private final Metrics metrics;

  StoreSink(History history, Metrics metrics) {
    this.history = history;
    this.metrics = metrics;
  }

  @Override
  public Optional<Receipt> previous(String key) {
    return history
        .submission(key)
        .map(
            first ->
                new Receipt(
                    first.id(),
                    first.key(),
                    first.sensor(),
                    first.storedAt(),
                    first.probes(),
                    first.rejected(),
                    true));
  }

  @Override
  public Pending begin(String sensor, String key) {
    Batch batch = history.begin(sensor, key);
    return new Pending() {
      @Override
      public void accept(Probe probe) {
        batch.accept(probe);
      }

      @Override
      public Receipt commit(ReadStats stats) {
        return StoreSink.this.commit(batch, stats, sensor);
      }
    };
  }

  /**
   * Commits, trying again when the store fails: a failed commit stores nothing and may be repeated
   * (Batch's contract), and the submission key keeps a repeat from counting twice. Seen with DuckDB
   * under 20 concurrent writers: a unique-key error on the submission id, gone on retry.
   */
  private Receipt commit(Batch batch, ReadStats stats, String sensor) {
    for (int attempt = 1; ; attempt++) {
      try {
        return batch.commit(stats);
      } catch (StoreException e) {
        if (attempt == COMMIT_ATTEMPTS) {
          throw e;
        }
        metrics.storeRetry();
        LOG.warn("commit of a submission of {} failed, trying again: {}", sensor, e.getMessage());
        try {
          Thread.sleep(20L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Override
  public String takenOutcome() {
    return "stored";
  }

  @Override
  public Map<String, Object> health() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ok", true);
    out.put("submissions_to", "store");
    return out;
  }

  @Override
  public boolean keepsHistory() {
    return true;
  }

  @Override
  public void close() {
    // The server closes the store.
  }
}

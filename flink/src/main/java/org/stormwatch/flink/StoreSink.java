package org.stormwatch.flink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;
import org.stormwatch.store.ActivityCell;
import org.stormwatch.store.History;
import org.stormwatch.store.StoreLocation;

/**
 * Writes the job's hourly cells or alerts to the shared store (PostgreSQL) through {@link History}.
 *
 * <p>Why idempotent upserts and not a two-phase commit: every record the job emits is the whole
 * latest version of its key (a cell's counts and sketches, an alert's fields), and the store
 * replaces a key's row with it ({@link History#putCells}, {@link History#saveAlerts}). A record
 * written twice is stored once, so at-least-once delivery is enough: the writer keeps the latest
 * version per key and writes them in one transaction on every checkpoint ({@link SinkWriter#flush},
 * before the checkpoint completes), at the end of input, and when {@value #MAX_PENDING} keys are
 * pending. After a restore from a checkpoint the job re-emits what came after it, which overwrites
 * what was already written with the same (or a newer) version. Nothing is lost (all records before
 * a completed checkpoint are committed) and nothing counts twice (no row is ever added to). A
 * two-phase commit would need the store to hold prepared transactions across a restart, for no gain
 * here.
 *
 * <p>Each subtask opens its own {@link History} (a small connection pool); PostgreSQL's advisory
 * writer lock serializes their transactions.
 */
final class StoreSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;
  static final int MAX_PENDING = 5_000;

  /** Writes one transaction's worth of records. */
  interface Writer<T> extends java.io.Serializable {
    void write(History history, List<T> records);
  }

  private final String jdbcUrl;
  private final SerializableFunction<T, String> key;
  private final Writer<T> writer;

  private StoreSink(String jdbcUrl, SerializableFunction<T, String> key, Writer<T> writer) {
    this.jdbcUrl = jdbcUrl;
    this.key = key;
    this.writer = writer;
  }

  /** Hourly port-activity cells, each replacing its (hour, port, protocol) row. */
  static StoreSink<ActivityCell> cells(String jdbcUrl) {
    return new StoreSink<>(jdbcUrl, ActivityCell::key, History::putCells);
  }

  /** Alerts, each replacing its (kind, port, protocol, onset) row. */
  static StoreSink<AlertUpdate> alerts(String jdbcUrl) {
    return new StoreSink<>(
        jdbcUrl,
        AlertUpdate::key,
        (h, alerts) -> h.saveAlerts(alerts.stream().map(AlertUpdate::alert).toList()));
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    return new Pending<>(History.open(StoreLocation.postgres(jdbcUrl)), key, writer);
  }

  private static final class Pending<T> implements SinkWriter<T> {
    private final History history;
    private final SerializableFunction<T, String> key;
    private final Writer<T> writer;
    private final Map<String, T> latest = new LinkedHashMap<>();

    Pending(History history, SerializableFunction<T, String> key, Writer<T> writer) {
      this.history = history;
      this.key = key;
      this.writer = writer;
    }

    @Override
    public void write(T element, Context context) {
      latest.put(key.apply(element), element);
      if (latest.size() >= MAX_PENDING) {
        flush(false);
      }
    }

    @Override
    public void flush(boolean endOfInput) {
      if (latest.isEmpty()) {
        return;
      }
      writer.write(history, new ArrayList<>(latest.values()));
      latest.clear();
    }

    @Override
    public void close() {
      history.close();
    }
  }
}

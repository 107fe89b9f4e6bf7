package org.stormwatch.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema, as an ordered list of migrations. Opening a store applies, in one transaction each,
 * every migration newer than the version recorded in {@code schema_version}; a database whose
 * version is newer than the last one known here is refused, since this code would misread it.
 *
 * <p>The same statements run on DuckDB and PostgreSQL: only types both know (BIGINT, INTEGER,
 * SMALLINT, VARCHAR, FLOAT8, BYTEA). Times are BIGINT: epoch seconds for buckets and days, epoch
 * nanoseconds for probe times, epoch milliseconds for when something was stored. Protocols are
 * their IP numbers (6 tcp, 17 udp, 1 icmp). Addresses are the two longs of {@code IpAddresses}. A
 * new version appends a migration; an existing one is never edited.
 */
final class Migrations {
  record Migration(int version, String description, List<String> statements) {}

  static final List<Migration> ALL =
      List.of(
          new Migration(
              1,
              "history: submissions, port activity, features, sources, probes, sensors, alerts",
              List.of(
                  "CREATE TABLE submissions ("
                      + " submission_key VARCHAR PRIMARY KEY,"
                      + " id BIGINT NOT NULL UNIQUE,"
                      + " sensor VARCHAR NOT NULL,"
                      + " stored_at BIGINT NOT NULL,"
                      + " probes BIGINT NOT NULL)",
                  "CREATE TABLE submission_rejects ("
                      + " submission_id BIGINT NOT NULL,"
                      + " reason VARCHAR NOT NULL,"
                      + " count BIGINT NOT NULL,"
                      + " PRIMARY KEY (submission_id, reason))",
                  "CREATE TABLE port_activity ("
                      + " bucket BIGINT NOT NULL,"
                      + " port INTEGER NOT NULL,"
                      + " protocol SMALLINT NOT NULL,"
                      + " records BIGINT NOT NULL,"
                      + " sources BIGINT NOT NULL,"
                      + " targets BIGINT NOT NULL,"
                      + " source_set BYTEA NOT NULL,"
                      + " target_set BYTEA NOT NULL,"
                      + " PRIMARY KEY (bucket, port, protocol))",
                  "CREATE TABLE feature_counts ("
                      + " bucket BIGINT NOT NULL,"
                      + " port INTEGER NOT NULL,"
                      + " protocol SMALLINT NOT NULL,"
                      + " counts BYTEA NOT NULL,"
                      + " PRIMARY KEY (bucket, port, protocol))",
                  "CREATE TABLE source_activity ("
                      + " src_hi BIGINT NOT NULL,"
                      + " src_lo BIGINT NOT NULL,"
                      + " day BIGINT NOT NULL,"
                      + " records BIGINT NOT NULL,"
                      + " targets BIGINT NOT NULL,"
                      + " ports BIGINT NOT NULL,"
                      + " target_set BYTEA NOT NULL,"
                      + " port_set BYTEA NOT NULL,"
                      + " first_seen BIGINT NOT NULL,"
                      + " last_seen BIGINT NOT NULL,"
                      + " sensors VARCHAR NOT NULL,"
                      + " PRIMARY KEY (src_hi, src_lo, day))",
                  "CREATE TABLE probe_chunks ("
                      + " submission_id BIGINT NOT NULL,"
                      + " port INTEGER NOT NULL,"
                      + " protocol SMALLINT NOT NULL,"
                      + " day BIGINT NOT NULL,"
                      + " seq INTEGER NOT NULL,"
                      + " probes INTEGER NOT NULL,"
                      + " data BYTEA NOT NULL,"
                      + " PRIMARY KEY (submission_id, port, protocol, day, seq))",
                  "CREATE INDEX probe_chunks_by_port ON probe_chunks (port, protocol, day)",
                  "CREATE TABLE sensors ("
                      + " name VARCHAR PRIMARY KEY,"
                      + " first_submission BIGINT NOT NULL,"
                      + " last_submission BIGINT NOT NULL,"
                      + " submissions BIGINT NOT NULL,"
                      + " probes BIGINT NOT NULL)",
                  "CREATE TABLE alerts ("
                      + " kind VARCHAR NOT NULL,"
                      + " port INTEGER NOT NULL,"
                      + " protocol SMALLINT NOT NULL,"
                      + " onset BIGINT NOT NULL,"
                      + " method VARCHAR NOT NULL,"
                      + " detected BIGINT NOT NULL,"
                      + " last_bucket BIGINT NOT NULL,"
                      + " score FLOAT8 NOT NULL,"
                      + " records FLOAT8 NOT NULL,"
                      + " sources FLOAT8 NOT NULL,"
                      + " targets FLOAT8 NOT NULL,"
                      + " baseline_records FLOAT8 NOT NULL,"
                      + " baseline_sources FLOAT8 NOT NULL,"
                      + " baseline_targets FLOAT8 NOT NULL,"
                      + " trend VARCHAR NOT NULL,"
                      + " explanation BYTEA NOT NULL,"
                      + " summary VARCHAR NOT NULL,"
                      + " updated_at BIGINT NOT NULL,"
                      + " PRIMARY KEY (kind, port, protocol, onset))")),
          new Migration(
              2,
              "alert outbox: each new alert's delivery to each sink, with its state; sensors as"
                  + " a view over submissions",
              List.of(
                  // A commit no longer updates-or-inserts a row per sensor (a statement that
                  // failed now and then on DuckDB with a duplicate key): the same figures are
                  // the submissions' aggregates, which every commit writes anyway.
                  "DROP TABLE sensors",
                  "CREATE VIEW sensors AS SELECT sensor AS name,"
                      + " MIN(stored_at) AS first_submission,"
                      + " MAX(stored_at) AS last_submission,"
                      + " CAST(COUNT(*) AS BIGINT) AS submissions,"
                      + " CAST(SUM(probes) AS BIGINT) AS probes"
                      + " FROM submissions GROUP BY sensor",
                  "CREATE TABLE alert_deliveries ("
                      + " seq BIGINT NOT NULL UNIQUE,"
                      + " kind VARCHAR NOT NULL,"
                      + " port INTEGER NOT NULL,"
                      + " protocol SMALLINT NOT NULL,"
                      + " onset BIGINT NOT NULL,"
                      + " sink VARCHAR NOT NULL,"
                      + " summary VARCHAR NOT NULL,"
                      + " payload VARCHAR NOT NULL,"
                      + " delivered_at BIGINT,"
                      + " attempts INTEGER NOT NULL,"
                      + " next_attempt BIGINT NOT NULL,"
                      + " last_error VARCHAR,"
                      + " created_at BIGINT NOT NULL,"
                      + " PRIMARY KEY (kind, port, protocol, onset, sink))")),
          new Migration(
              3,
              "fingerprint sources: per (hour, port, protocol) the capped source sets per"
                  + " fingerprint value, for the fingerprint alarm",
              List.of(
                  // sets: core's FingerprintSourcesCodec form, merged as submissions arrive.
                  "CREATE TABLE fingerprint_sources ("
                      + " bucket BIGINT NOT NULL,"
                      + " port INTEGER NOT NULL,"
                      + " protocol SMALLINT NOT NULL,"
                      + " sets BYTEA NOT NULL,"
                      + " PRIMARY KEY (bucket, port, protocol))",
                  // Hours before this one were stored without sets (an upgraded database): a
                  // series reaching back before it runs without the alarm rather than read their
                  // missing sets as no sources.
                  "CREATE TABLE fingerprint_coverage (since BIGINT NOT NULL)",
                  "INSERT INTO fingerprint_coverage (since)"
                      + " SELECT COALESCE(MAX(bucket) + 3600, -9223372036854775807)"
                      + " FROM port_activity")));

  private Migrations() {}

  /** The newest schema version this code knows. */
  static int latest() {
    return ALL.get(ALL.size() - 1).version();
  }

  /**
   * Brings the database to {@link #latest()}.
   *
   * @return the version found before (0 for an empty database)
   * @throws StoreException when the database's schema is newer than this code knows
   */
  static int apply(Database db) {
    return db.write(
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                    + " version INTEGER PRIMARY KEY,"
                    + " description VARCHAR NOT NULL,"
                    + " applied_at BIGINT NOT NULL)");
          }
          int found = current(c);
          if (found > latest()) {
            throw new StoreException(
                db.location()
                    + ": the database has schema version "
                    + found
                    + ", newer than this Stormwatch knows ("
                    + latest()
                    + "): use a newer Stormwatch");
          }
          for (Migration m : ALL) {
            if (m.version() <= found) {
              continue;
            }
            try (Statement s = c.createStatement()) {
              for (String sql : m.statements()) {
                s.execute(sql);
              }
            }
            try (var insert =
                c.prepareStatement(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
              insert.setInt(1, m.version());
              insert.setString(2, m.description());
              insert.setLong(3, System.currentTimeMillis());
              insert.executeUpdate();
            }
          }
          return found;
        });
  }

  static int current(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}

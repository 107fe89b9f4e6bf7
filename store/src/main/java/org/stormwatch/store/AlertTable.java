package org.stormwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.detect.Counts;
import org.stormwatch.core.detect.Reach;
import org.stormwatch.core.detect.Trend;

/** The alerts table: one row per (kind, port, protocol, onset). */
final class AlertTable {
  private static final String VALUES =
      "method, detected, last_bucket, score, records, sources, targets, baseline_records,"
          + " baseline_sources, baseline_targets, trend, explanation, summary, updated_at";

  private AlertTable() {}

  /** Saves the alerts; returns those that were new (not stored before), in their order. */
  static List<Alert> save(Connection c, List<Alert> alerts, long now) throws SQLException {
    List<Alert> inserted = new ArrayList<>();
    try (PreparedStatement update =
            c.prepareStatement(
                "UPDATE alerts SET method = ?, detected = ?, last_bucket = ?, score = ?,"
                    + " records = ?, sources = ?, targets = ?, baseline_records = ?,"
                    + " baseline_sources = ?, baseline_targets = ?, trend = ?, explanation = ?,"
                    + " summary = ?, updated_at = ?"
                    + " WHERE kind = ? AND port = ? AND protocol = ? AND onset = ?");
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO alerts ("
                    + VALUES
                    + ", kind, port, protocol, onset)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Alert a : alerts) {
        bind(update, a, now);
        if (update.executeUpdate() == 0) {
          bind(insert, a, now);
          insert.executeUpdate();
          inserted.add(a);
        }
      }
    }
    return inserted;
  }

  /** Binds the 14 values, then the 4 key columns, in the order both statements use. */
  private static void bind(PreparedStatement s, Alert a, long now) throws SQLException {
    s.setString(1, a.method());
    s.setLong(2, a.detected().getEpochSecond());
    s.setLong(3, a.last().getEpochSecond());
    s.setDouble(4, a.score());
    s.setDouble(5, a.surge().records());
    s.setDouble(6, a.surge().sources());
    s.setDouble(7, a.surge().targets());
    s.setDouble(8, a.baseline().records());
    s.setDouble(9, a.baseline().sources());
    s.setDouble(10, a.baseline().targets());
    s.setString(11, a.trend().label());
    s.setBytes(12, AlertCodec.encode(a.explanation()));
    s.setString(13, a.summary());
    s.setLong(14, now);
    s.setString(15, a.kind());
    s.setInt(16, a.port());
    s.setInt(17, ProbeCodec.number(a.protocol()));
    s.setLong(18, a.onset().getEpochSecond());
  }

  static List<Alert> read(Connection c, Instant from, Instant to) throws SQLException {
    List<Alert> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT kind, port, protocol, onset, "
                + VALUES
                + " FROM alerts WHERE onset < ? AND last_bucket >= ?"
                + " ORDER BY detected, port, protocol, kind")) {
      s.setLong(1, to == null ? Long.MAX_VALUE : PortActivityReads.ceil(to, 1));
      s.setLong(2, from == null ? Long.MIN_VALUE : from.getEpochSecond());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String where =
              "alerts " + rs.getString(1) + " " + rs.getInt(2) + " onset " + rs.getLong(4);
          try {
            out.add(
                new Alert(
                    rs.getString(1),
                    rs.getString(5),
                    rs.getInt(2),
                    ProbeCodec.protocol(rs.getInt(3)),
                    Instant.ofEpochSecond(rs.getLong(4)),
                    Instant.ofEpochSecond(rs.getLong(6)),
                    Instant.ofEpochSecond(rs.getLong(7)),
                    rs.getDouble(8),
                    new Counts(rs.getDouble(9), rs.getDouble(10), rs.getDouble(11)),
                    new Counts(rs.getDouble(12), rs.getDouble(13), rs.getDouble(14)),
                    Trend.valueOf(rs.getString(15).toUpperCase(Locale.ROOT)),
                    AlertCodec.decode(rs.getBytes(16)),
                    rs.getString(17),
                    Reach.UNKNOWN));
          } catch (IllegalArgumentException e) {
            throw new StoreException(where + ": " + e.getMessage(), e);
          }
        }
      }
    }
    return out;
  }
}

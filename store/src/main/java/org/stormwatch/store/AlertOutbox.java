package org.stormwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.stormwatch.core.detect.Alert;

/**
 * The alert outbox (the transactional outbox pattern): a new alert's deliveries, one row per sink,
 * are written in the transaction that saves the alert, so that no new alert is ever saved without
 * its deliveries queued, and a crash cannot lose one. A delivery is pending until marked delivered;
 * a failure counts an attempt and sets when to try again. The rows keep the payload as it was when
 * the alert was new, so a retry sends exactly the same text.
 */
final class AlertOutbox {
  private AlertOutbox() {}

  /** Queues one pending delivery per sink of an alert, after the outbox's last one. */
  static void enqueue(
      Connection c, Alert a, Collection<String> sinks, String payload, long nowMillis)
      throws SQLException {
    long seq;
    try (PreparedStatement s =
            c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM alert_deliveries");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      seq = rs.getLong(1);
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO alert_deliveries (seq, kind, port, protocol, onset, sink, summary,"
                + " payload, delivered_at, attempts, next_attempt, last_error, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, ?, NULL, ?)")) {
      for (String sink : sinks) {
        s.setLong(1, ++seq);
        s.setString(2, a.kind());
        s.setInt(3, a.port());
        s.setInt(4, ProbeCodec.number(a.protocol()));
        s.setLong(5, a.onset().getEpochSecond());
        s.setString(6, sink);
        s.setString(7, a.summary());
        s.setString(8, payload);
        s.setLong(9, nowMillis);
        s.setLong(10, nowMillis);
        s.executeUpdate();
      }
    }
  }

  /** The pending deliveries to these sinks due by {@code now}, oldest first. */
  static List<Delivery> due(Connection c, Collection<String> sinks, long nowMillis, int limit)
      throws SQLException {
    List<Delivery> out = new ArrayList<>();
    if (sinks.isEmpty()) {
      return out;
    }
    String in = String.join(", ", java.util.Collections.nCopies(sinks.size(), "?"));
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT seq, kind, port, protocol, onset, sink, summary, payload, attempts, last_error"
                + " FROM alert_deliveries WHERE delivered_at IS NULL AND next_attempt <= ?"
                + " AND sink IN ("
                + in
                + ") ORDER BY seq LIMIT ?")) {
      int i = 1;
      s.setLong(i++, nowMillis);
      for (String sink : sinks) {
        s.setString(i++, sink);
      }
      s.setInt(i, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Delivery(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getInt(3),
                  ProbeCodec.protocol(rs.getInt(4)),
                  Instant.ofEpochSecond(rs.getLong(5)),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getInt(9),
                  rs.getString(10)));
        }
      }
    }
    return out;
  }

  /** Marks a pending delivery delivered; false when it was not pending. */
  static boolean delivered(Connection c, long seq, long atMillis) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE alert_deliveries SET delivered_at = ?, attempts = attempts + 1"
                + " WHERE seq = ? AND delivered_at IS NULL")) {
      s.setLong(1, atMillis);
      s.setLong(2, seq);
      return s.executeUpdate() == 1;
    }
  }

  /** Counts a failed attempt of a pending delivery and sets the next one. */
  static boolean failed(Connection c, long seq, String error, long retryAtMillis)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ?, next_attempt = ?"
                + " WHERE seq = ? AND delivered_at IS NULL")) {
      s.setString(1, error.length() > 1000 ? error.substring(0, 1000) : error);
      s.setLong(2, retryAtMillis);
      s.setLong(3, seq);
      return s.executeUpdate() == 1;
    }
  }

  /** Deliveries per sink and state ({@code pending} or {@code delivered}). */
  static Map<String, Long> counts(Connection c) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT sink, delivered_at IS NULL, COUNT(*) FROM alert_deliveries"
                    + " GROUP BY sink, delivered_at IS NULL");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.merge(
            rs.getString(1) + " " + (rs.getBoolean(2) ? "pending" : "delivered"),
            rs.getLong(3),
            Long::sum);
      }
    }
    return out;
  }
}

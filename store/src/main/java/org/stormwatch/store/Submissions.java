package org.stormwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The submissions table and its rejects. */
final class Submissions {
  private static final String COLUMNS = "id, submission_key, sensor, stored_at, probes";

  private Submissions() {}

  /** The receipt stored under a key, or null. */
  static Receipt find(Connection c, String key) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement("SELECT " + COLUMNS + " FROM submissions WHERE submission_key = ?")) {
      q.setString(1, key);
      List<Receipt> found = read(c, q);
      return found.isEmpty() ? null : found.get(0);
    }
  }

  /** Like {@link #find(Connection, String)}, through a connection's statement cache. */
  static Receipt find(Connection c, StatementCache statements, String key) throws SQLException {
    PreparedStatement q =
        statements.get("SELECT " + COLUMNS + " FROM submissions WHERE submission_key = ?");
    q.setString(1, key);
    List<Receipt> found = read(c, q);
    return found.isEmpty() ? null : found.get(0);
  }

  /** The receipts whose key starts with a prefix, by id. */
  static List<Receipt> withPrefix(Connection c, String prefix) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM submissions WHERE substr(submission_key, 1, ?) = ? ORDER BY id")) {
      q.setInt(1, prefix.length());
      q.setString(2, prefix);
      return read(c, q);
    }
  }

  private static List<Receipt> read(Connection c, PreparedStatement q) throws SQLException {
    List<Receipt> out = new ArrayList<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Receipt(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                Instant.ofEpochMilli(rs.getLong(4)),
                rs.getLong(5),
                Map.of(),
                false));
      }
    }
    List<Receipt> withRejects = new ArrayList<>(out.size());
    for (Receipt r : out) {
      withRejects.add(
          new Receipt(
              r.id(), r.key(), r.sensor(), r.storedAt(), r.probes(), rejects(c, r.id()), false));
    }
    return withRejects;
  }

  private static Map<String, Long> rejects(Connection c, long id) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT reason, count FROM submission_rejects WHERE submission_id = ? ORDER BY reason")) {
      q.setLong(1, id);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  static long nextId(StatementCache statements) throws SQLException {
    try (ResultSet rs =
        statements.get("SELECT COALESCE(MAX(id), 0) + 1 FROM submissions").executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM submissions")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static void insert(
      Connection c,
      StatementCache statements,
      long id,
      String key,
      String sensor,
      Instant now,
      long probes,
      Map<String, Long> rejected)
      throws SQLException {
    PreparedStatement insert =
        statements.get(
            "INSERT INTO submissions (id, submission_key, sensor, stored_at, probes)"
                + " VALUES (?, ?, ?, ?, ?)");
    insert.setLong(1, id);
    insert.setString(2, key);
    insert.setString(3, sensor);
    insert.setLong(4, now.toEpochMilli());
    insert.setLong(5, probes);
    insert.executeUpdate();
    if (rejected.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO submission_rejects (submission_id, reason, count) VALUES (?, ?, ?)")) {
      for (Map.Entry<String, Long> e : rejected.entrySet()) {
        s.setLong(1, id);
        s.setString(2, e.getKey());
        s.setLong(3, e.getValue());
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}

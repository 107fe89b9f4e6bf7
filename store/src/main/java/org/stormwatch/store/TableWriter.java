package org.stormwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Inserts and updates whole rows of one table inside the current transaction, in bulk.
 *
 * <p>Why two ways: DuckDB runs a JDBC batch one statement at a time (about 0.4 ms a row here),
 * while its appender loads 100,000 rows in under a second. So on DuckDB new rows go through an
 * appender, and changed rows through an appender into a temporary staging table, then one {@code
 * UPDATE ... FROM} statement. On PostgreSQL plain JDBC batches are fast enough.
 *
 * <p>Values are given in column order with the Java type of their column: Long (BIGINT), Integer
 * (INTEGER), Short (SMALLINT), String (VARCHAR), byte[] (BYTEA).
 */
final class TableWriter implements AutoCloseable {
  private static final int BATCH = 2_000;

  private final Connection c;
  private final Database.Dialect dialect;
  private final String table;
  private final List<String> columns;
  private final List<String> keys;
  private DuckDBAppender inserts;
  private DuckDBAppender stagedUpdates;
  private PreparedStatement insertStatement;
  private PreparedStatement updateStatement;
  private int pendingInserts;
  private int pendingUpdates;
  private boolean anyUpdate;
  private final int rangeIndex;
  private long rangeMin = Long.MAX_VALUE;
  private long rangeMax = Long.MIN_VALUE;

  /**
   * @param rangeColumn a BIGINT key column by which the table is ordered on disk (bucket, day): the
   *     staged update is restricted to the range of its updated values, so that DuckDB reads only
   *     the row groups of that range instead of the whole table
   */
  TableWriter(
      Connection c,
      Database.Dialect dialect,
      String table,
      List<String> columns,
      List<String> keys,
      String rangeColumn) {
    this.c = c;
    this.dialect = dialect;
    this.table = table;
    this.columns = columns;
    this.keys = keys;
    this.rangeIndex = columns.indexOf(rangeColumn);
    if (rangeIndex < 0 || !keys.contains(rangeColumn)) {
      throw new IllegalArgumentException(rangeColumn + " is no key column of " + table);
    }
  }

  void insert(Object... row) throws SQLException {
    check(row);
    if (dialect == Database.Dialect.DUCKDB) {
      if (inserts == null) {
        inserts =
            c.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table);
      }
      append(inserts, row);
      return;
    }
    if (insertStatement == null) {
      insertStatement =
          c.prepareStatement(
              "INSERT INTO "
                  + table
                  + " ("
                  + String.join(", ", columns)
                  + ") VALUES ("
                  + String.join(", ", java.util.Collections.nCopies(columns.size(), "?"))
                  + ")");
    }
    bind(insertStatement, row, columns);
    insertStatement.addBatch();
    if (++pendingInserts >= BATCH) {
      insertStatement.executeBatch();
      pendingInserts = 0;
    }
  }

  /** Replaces the values of the row whose key columns match. */
  void update(Object... row) throws SQLException {
    check(row);
    anyUpdate = true;
    long v = (Long) row[rangeIndex];
    rangeMin = Math.min(rangeMin, v);
    rangeMax = Math.max(rangeMax, v);
    if (dialect == Database.Dialect.DUCKDB) {
      if (stagedUpdates == null) {
        try (Statement s = c.createStatement()) {
          s.execute(
              "CREATE TEMP TABLE IF NOT EXISTS "
                  + stage()
                  + " AS SELECT "
                  + String.join(", ", columns)
                  + " FROM "
                  + table
                  + " LIMIT 0");
          s.execute("DELETE FROM " + stage());
        }
        stagedUpdates = c.unwrap(DuckDBConnection.class).createAppender("temp", "main", stage());
      }
      append(stagedUpdates, row);
      return;
    }
    if (updateStatement == null) {
      List<String> set = new ArrayList<>();
      for (String col : columns) {
        if (!keys.contains(col)) {
          set.add(col + " = ?");
        }
      }
      List<String> where = new ArrayList<>();
      for (String key : keys) {
        where.add(key + " = ?");
      }
      updateStatement =
          c.prepareStatement(
              "UPDATE "
                  + table
                  + " SET "
                  + String.join(", ", set)
                  + " WHERE "
                  + String.join(" AND ", where));
    }
    // Non-key values first, then the keys, as the statement names them.
    int n = 1;
    for (int i = 0; i < columns.size(); i++) {
      if (!keys.contains(columns.get(i))) {
        set(updateStatement, n++, row[i]);
      }
    }
    for (int i = 0; i < columns.size(); i++) {
      if (keys.contains(columns.get(i))) {
        set(updateStatement, n++, row[i]);
      }
    }
    updateStatement.addBatch();
    if (++pendingUpdates >= BATCH) {
      updateStatement.executeBatch();
      pendingUpdates = 0;
    }
  }

  private String stage() {
    return "stage_" + table;
  }

  private void check(Object[] row) {
    if (row.length != columns.size()) {
      throw new IllegalArgumentException(
          table + ": " + row.length + " values for " + columns.size() + " columns");
    }
  }

  /** Sends everything written; the transaction is still the caller's to commit. */
  void finish() throws SQLException {
    if (inserts != null) {
      inserts.close();
      inserts = null;
    }
    if (insertStatement != null && pendingInserts > 0) {
      insertStatement.executeBatch();
      pendingInserts = 0;
    }
    if (updateStatement != null && pendingUpdates > 0) {
      updateStatement.executeBatch();
      pendingUpdates = 0;
    }
    if (stagedUpdates != null) {
      stagedUpdates.close();
      stagedUpdates = null;
      List<String> set = new ArrayList<>();
      for (String col : columns) {
        if (!keys.contains(col)) {
          set.add(col + " = s." + col);
        }
      }
      List<String> where = new ArrayList<>();
      for (String key : keys) {
        where.add(table + "." + key + " = s." + key);
      }
      try (Statement s = c.createStatement()) {
        s.executeUpdate(
            "UPDATE "
                + table
                + " SET "
                + String.join(", ", set)
                + " FROM "
                + stage()
                + " s WHERE "
                + String.join(" AND ", where)
                + " AND "
                + table
                + "."
                + columns.get(rangeIndex)
                + " BETWEEN "
                + rangeMin
                + " AND "
                + rangeMax);
        s.execute("DELETE FROM " + stage());
      }
    }
  }

  boolean anyUpdate() {
    return anyUpdate;
  }

  private static void append(DuckDBAppender a, Object[] row) throws SQLException {
    a.beginRow();
    for (Object v : row) {
      if (v instanceof Long) {
        a.append((long) (Long) v);
      } else if (v instanceof Integer) {
        a.append((int) (Integer) v);
      } else if (v instanceof Short) {
        a.append((short) (Short) v);
      } else if (v instanceof String) {
        a.append((String) v);
      } else if (v instanceof byte[]) {
        a.append((byte[]) v);
      } else {
        throw new IllegalArgumentException("unsupported value type " + v.getClass());
      }
    }
    a.endRow();
  }

  private static void bind(PreparedStatement s, Object[] row, List<String> columns)
      throws SQLException {
    for (int i = 0; i < columns.size(); i++) {
      set(s, i + 1, row[i]);
    }
  }

  private static void set(PreparedStatement s, int index, Object v) throws SQLException {
    if (v instanceof Long) {
      s.setLong(index, (Long) v);
    } else if (v instanceof Integer) {
      s.setInt(index, (Integer) v);
    } else if (v instanceof Short) {
      s.setShort(index, (Short) v);
    } else if (v instanceof String) {
      s.setString(index, (String) v);
    } else if (v instanceof byte[]) {
      s.setBytes(index, (byte[]) v);
    } else {
      throw new IllegalArgumentException("unsupported value type " + v.getClass());
    }
  }

  @Override
  public void close() throws SQLException {
    // An abandoned writer (an exception before finish) drops what it buffered; the transaction is
    // rolled back by the caller.
    try {
      if (inserts != null) {
        inserts.close();
      }
      if (stagedUpdates != null) {
        stagedUpdates.close();
      }
    } finally {
      if (insertStatement != null) {
        insertStatement.close();
      }
      if (updateStatement != null) {
        updateStatement.close();
      }
    }
  }
}

package org.stormwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The prepared statements of one connection, kept for reuse. Why: DuckDB parses, binds and plans a
 * statement on every {@code prepareStatement}, about a tenth of a small commit's time, and a commit
 * runs the same few statements every time. Used only by the connection's current borrower, so not
 * thread-safe; the statements close with the connection.
 */
final class StatementCache {
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  StatementCache(Connection connection) {
    this.connection = connection;
  }

  /** The statement for the SQL, prepared on first use; the caller must not close it. */
  PreparedStatement get(String sql) throws SQLException {
    PreparedStatement s = statements.get(sql);
    if (s == null || s.isClosed()) {
      s = connection.prepareStatement(sql);
      statements.put(sql, s);
    }
    s.clearParameters();
    return s;
  }
}

package org.stormwatch.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writers for the three tables that hold an (hour, port, protocol) cell, keyed and ordered the same
 * way: its counts ({@code port_activity}), its feature histograms ({@code feature_counts}) and its
 * fingerprint source sets ({@code fingerprint_sources}). Shared by ingested probes ({@link
 * CommitWriter}) and cells computed elsewhere ({@link CellUpserts}).
 */
final class CellTables {
  private static final List<String> KEY = List.of("bucket", "port", "protocol");

  private CellTables() {}

  static TableWriter portActivity(Connection c, Database.Dialect dialect) throws SQLException {
    return new TableWriter(
        c,
        dialect,
        "port_activity",
        List.of(
            "bucket",
            "port",
            "protocol",
            "records",
            "sources",
            "targets",
            "source_set",
            "target_set"),
        KEY,
        "bucket");
  }

  static TableWriter featureCounts(Connection c, Database.Dialect dialect) throws SQLException {
    return new TableWriter(
        c,
        dialect,
        "feature_counts",
        List.of("bucket", "port", "protocol", "counts"),
        KEY,
        "bucket");
  }

  static TableWriter fingerprintSources(Connection c, Database.Dialect dialect)
      throws SQLException {
    return new TableWriter(
        c,
        dialect,
        "fingerprint_sources",
        List.of("bucket", "port", "protocol", "sets"),
        KEY,
        "bucket");
  }
}

package org.stormwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.detect.FingerprintSourcesCodec;

/**
 * Writes whole port-activity cells computed elsewhere ({@link ActivityCell}): each replaces the
 * stored row of its (hour, port, protocol), its feature histograms and its fingerprint source sets
 * (an upsert, not a merge). Writing the same cell twice therefore stores it once: a stream that
 * re-sends the latest version of a cell after a restart neither loses nor double-counts. The
 * distinct columns are the counters' estimates, capped at the records, exactly as {@link
 * CommitWriter} computes them for ingested probes, so reads cannot tell the two apart.
 *
 * <p>How: the stored keys of the cells' hour range are read first (writers are serialized, see
 * {@link Database}), then each cell is an insert or an update through {@link TableWriter}, whose
 * bulk paths are what make this fast on DuckDB (a JDBC batch of single-row upserts there took 16 ms
 * a row).
 */
final class CellUpserts {
  private static final long HOUR = BucketSize.HOUR.seconds();

  private CellUpserts() {}

  /** The cells, the last of each key kept; refuses a cell not on an hour or with bad counts. */
  static List<ActivityCell> check(List<ActivityCell> cells) {
    Map<String, ActivityCell> latest = new LinkedHashMap<>();
    for (ActivityCell cell : cells) {
      if (Math.floorMod(cell.hour().getEpochSecond(), HOUR) != 0 || cell.hour().getNano() != 0) {
        throw new IllegalArgumentException("cell " + cell.key() + ": not the start of an hour");
      }
      if (cell.port() < 0 || cell.port() > 0xffff || cell.records() < 0) {
        throw new IllegalArgumentException(
            "cell " + cell.key() + ": bad port or records (" + cell.records() + ")");
      }
      latest.put(cell.key(), cell);
    }
    return List.copyOf(latest.values());
  }

  /** Writes cells that passed {@link #check}. */
  static void write(
      Connection c, Database.Dialect dialect, StatementCache statements, List<ActivityCell> cells)
      throws SQLException {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (ActivityCell cell : cells) {
      min = Math.min(min, cell.hour().getEpochSecond());
      max = Math.max(max, cell.hour().getEpochSecond());
    }
    Set<String> storedRows = storedKeys(statements, "port_activity", min, max);
    Set<String> storedFeatures = storedKeys(statements, "feature_counts", min, max);
    Set<String> storedFingerprints = storedKeys(statements, "fingerprint_sources", min, max);
    try (TableWriter activity = CellTables.portActivity(c, dialect);
        TableWriter features = CellTables.featureCounts(c, dialect);
        TableWriter fingerprints = CellTables.fingerprintSources(c, dialect)) {
      for (ActivityCell cell : cells) {
        String where = "cell " + cell.key();
        long hour = cell.hour().getEpochSecond();
        Short protocol = (short) ProbeCodec.number(cell.protocol());
        long sources = Counters.decode(cell.sourceSet(), where + " sources").estimate();
        long targets = Counters.decode(cell.targetSet(), where + " targets").estimate();
        Object[] row = {
          hour,
          cell.port(),
          protocol,
          cell.records(),
          Counters.clamp(sources, cell.records()),
          Counters.clamp(targets, cell.records()),
          cell.sourceSet(),
          cell.targetSet()
        };
        String key = key(hour, cell.port(), protocol);
        if (storedRows.contains(key)) {
          activity.update(row);
        } else {
          activity.insert(row);
        }
        byte[] counts = FeatureCountsCodec.encode(cell.features());
        if (storedFeatures.contains(key)) {
          features.update(hour, cell.port(), protocol, counts);
        } else {
          features.insert(hour, cell.port(), protocol, counts);
        }
        byte[] sets = FingerprintSourcesCodec.encode(cell.fingerprints());
        if (storedFingerprints.contains(key)) {
          fingerprints.update(hour, cell.port(), protocol, sets);
        } else {
          fingerprints.insert(hour, cell.port(), protocol, sets);
        }
      }
      activity.finish();
      features.finish();
      fingerprints.finish();
    }
  }

  private static String key(long hour, int port, int protocol) {
    return hour + " " + port + " " + protocol;
  }

  private static Set<String> storedKeys(StatementCache statements, String table, long min, long max)
      throws SQLException {
    Set<String> out = new HashSet<>();
    PreparedStatement q =
        statements.get(
            "SELECT bucket, port, protocol FROM " + table + " WHERE bucket BETWEEN ? AND ?");
    q.setLong(1, min);
    q.setLong(2, max);
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        out.add(key(rs.getLong(1), rs.getInt(2), rs.getInt(3)));
      }
    }
    return out;
  }
}

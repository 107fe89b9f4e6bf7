package org.stormwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.DistinctCounter;
import org.stormwatch.core.detect.FeatureAggregator;
import org.stormwatch.core.detect.FeatureCounts;
import org.stormwatch.core.detect.FingerprintSources;
import org.stormwatch.core.detect.FingerprintSourcesCodec;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;

/**
 * Writes one or more submissions inside the caller's transaction (which holds the writer lock):
 * each submission's row and rejects, and their probes folded into every table.
 *
 * <p>How: the probes of all new submissions are sorted twice. Ordered by (protocol, port, time),
 * each (port, protocol, hour) cell is a run: its records and distinct counters are built one cell
 * at a time (so memory holds one cell's sets, not all of them), merged with the stored row read
 * beforehand (one query over the batch's hour range), and written back. Ordered by (source, time),
 * each (source, day) run is merged into its source-activity row the same way. Each submission's own
 * (port, protocol, day) runs become its compressed probe chunks. Reading before writing is safe
 * because writers are serialized (see {@link Database}).
 */
final class CommitWriter {
  private static final long HOUR = BucketSize.HOUR.seconds();
  private static final int IN_LIST = 500;

  /** Probes per stored chunk at most: drill-down decodes whole chunks. */
  static final int CHUNK_PROBES = 100_000;

  private static final Comparator<Probe> BY_TIME = Comparator.comparingLong(Probe::timeNanos);

  private static final Comparator<Probe> SOURCE_ORDER =
      Comparator.comparingLong(Probe::srcHi)
          .thenComparingLong(Probe::srcLo)
          .thenComparingLong(Probe::timeNanos);

  private final Connection c;
  private final Database.Dialect dialect;
  private final StatementCache statements;

  CommitWriter(Connection c, Database.Dialect dialect, StatementCache statements) {
    this.c = c;
    this.dialect = dialect;
    this.statements = statements;
  }

  /** One submission to store: its key, sensor, probes and rejects by reason. */
  record Submission(String key, String sensor, List<Probe> probes, Map<String, Long> rejected) {}

  Receipt commit(
      String key, String sensor, List<Probe> probes, Map<String, Long> rejected, Instant now)
      throws SQLException {
    return commitAll(List.of(new Submission(key, sensor, probes, rejected)), now).get(0);
  }

  /**
   * Stores several submissions in the caller's one transaction (a group commit): each key counts
   * once (a key stored before, or earlier in the list, gets that receipt as a duplicate); the new
   * submissions' probes are folded into the counters together, as one batch, since merged counters
   * do not depend on how the probes were split; each keeps its own probe chunks and receipt.
   *
   * @return the receipts, in the order of the submissions
   */
  List<Receipt> commitAll(List<Submission> submissions, Instant now) throws SQLException {
    List<Receipt> out = new ArrayList<>(submissions.size());
    Map<String, Receipt> inGroup = new HashMap<>();
    List<Probe> all = new ArrayList<>();
    List<Receipt> stored = new ArrayList<>();
    List<Submission> storedSubmissions = new ArrayList<>();
    long nextId = -1;
    for (Submission sub : submissions) {
      Receipt existing = inGroup.get(sub.key());
      if (existing == null) {
        existing = Submissions.find(c, statements, sub.key());
      }
      if (existing != null) {
        out.add(existing.asDuplicate());
        continue;
      }
      nextId = nextId < 0 ? Submissions.nextId(statements) : nextId + 1;
      Receipt r =
          new Receipt(
              nextId, sub.key(), sub.sensor(), now, sub.probes().size(), sub.rejected(), false);
      inGroup.put(sub.key(), r);
      out.add(r);
      stored.add(r);
      storedSubmissions.add(sub);
      all.addAll(sub.probes());
    }
    if (!all.isEmpty()) {
      // Inputs arrive mostly in time order, where this sort is one pass.
      Probe[] byTime = all.toArray(new Probe[0]);
      java.util.Arrays.sort(byTime, BY_TIME);
      try {
        writeCells(byCell(byTime));
      } catch (SQLException e) {
        throw at("port activity", e);
      }
      try {
        writeChunks(stored, storedSubmissions);
      } catch (SQLException e) {
        throw at("probe chunks", e);
      }
      try {
        writeSources(bySource(byTime));
      } catch (SQLException e) {
        throw at("source activity", e);
      }
    }
    for (int i = 0; i < stored.size(); i++) {
      Receipt r = stored.get(i);
      try {
        Submissions.insert(
            c,
            statements,
            r.id(),
            r.key(),
            r.sensor(),
            now,
            r.probes(),
            storedSubmissions.get(i).rejected());
      } catch (SQLException e) {
        throw at("submission " + r.id(), e);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- orders

  /**
   * The probes ordered by (protocol, port, time), from probes in time order: a sort of primitive
   * keys (cell in the high bits, time rank in the low 45), stable because the rank breaks ties.
   */
  static Probe[] byCell(Probe[] byTime) {
    long[] keys = new long[byTime.length];
    for (int i = 0; i < byTime.length; i++) {
      long cell = ((long) byTime[i].protocol().ordinal() << 16) | byTime[i].dstPort();
      keys[i] = (cell << 45) | i;
    }
    java.util.Arrays.sort(keys);
    Probe[] out = new Probe[byTime.length];
    for (int i = 0; i < keys.length; i++) {
      out[i] = byTime[(int) (keys[i] & ((1L << 45) - 1))];
    }
    return out;
  }

  /**
   * The probes ordered by (source, time), from probes in time order. IPv4 sources (the common case)
   * sort as primitive keys (address in the high 32 bits, time rank in the low 32); a batch with
   * IPv6 sources falls back to a comparator sort.
   */
  static Probe[] bySource(Probe[] byTime) {
    for (Probe p : byTime) {
      if (!IpAddresses.isV4(p.srcHi(), p.srcLo())) {
        Probe[] out = byTime.clone();
        java.util.Arrays.sort(out, SOURCE_ORDER);
        return out;
      }
    }
    long[] keys = new long[byTime.length];
    for (int i = 0; i < byTime.length; i++) {
      // The address is unsigned: flip the sign bit so that 128.0.0.0 and up sort last.
      keys[i] = ((IpAddresses.v4(byTime[i].srcLo()) << 32) | i) ^ Long.MIN_VALUE;
    }
    java.util.Arrays.sort(keys);
    Probe[] out = new Probe[byTime.length];
    for (int i = 0; i < keys.length; i++) {
      out[i] = byTime[(int) (keys[i] & 0xffff_ffffL)];
    }
    return out;
  }

  // ---------------------------------------------------------------- cells and chunks

  private record CellRow(long records, byte[] sources, byte[] targets) {}

  private static long cellKey(long bucket, int port, int protocol) {
    return (Math.floorDiv(bucket, HOUR) << 26) | ((long) port << 8) | protocol;
  }

  private void writeCells(Probe[] p) throws SQLException {
    long minHour = Long.MAX_VALUE;
    long maxHour = Long.MIN_VALUE;
    for (Probe probe : p) {
      long h = BucketSize.HOUR.startOf(probe.timeNanos());
      minHour = Math.min(minHour, h);
      maxHour = Math.max(maxHour, h);
    }
    String join = "";
    if (dialect == Database.Dialect.DUCKDB) {
      // Only the batch's cells cross JDBC: their keys go into a temporary table to join with.
      try (org.duckdb.DuckDBAppender wanted =
          emptyTempTable("wanted_cells", "bucket BIGINT, port INTEGER, protocol SMALLINT")) {
        long last = Long.MIN_VALUE;
        for (Probe probe : p) {
          int protocol = ProbeCodec.number(probe.protocol());
          long hour = BucketSize.HOUR.startOf(probe.timeNanos());
          long key = cellKey(hour, probe.dstPort(), protocol);
          if (key != last) {
            wanted
                .beginRow()
                .append(hour)
                .append(probe.dstPort())
                .append((short) protocol)
                .endRow();
            last = key;
          }
        }
      }
      join =
          " JOIN wanted_cells w ON t.bucket = w.bucket AND t.port = w.port"
              + " AND t.protocol = w.protocol";
    }
    Map<Long, CellRow> stored =
        storedCells(
            "records, t.source_set, t.target_set",
            "port_activity",
            join,
            minHour,
            maxHour,
            rs -> new CellRow(rs.getLong(4), rs.getBytes(5), rs.getBytes(6)));
    Map<Long, byte[]> storedFeatures =
        storedCells("counts", "feature_counts", join, minHour, maxHour, rs -> rs.getBytes(4));
    Map<Long, byte[]> storedFingerprints =
        storedCells("sets", "fingerprint_sources", join, minHour, maxHour, rs -> rs.getBytes(4));
    try (TableWriter activity = CellTables.portActivity(c, dialect);
        TableWriter featureCounts = CellTables.featureCounts(c, dialect);
        TableWriter fingerprints = CellTables.fingerprintSources(c, dialect)) {
      Stored old = new Stored(stored, storedFeatures, storedFingerprints);
      Writers to = new Writers(activity, featureCounts, fingerprints);
      int start = 0;
      while (start < p.length) {
        int end = start;
        while (end < p.length
            && p[end].dstPort() == p[start].dstPort()
            && p[end].protocol() == p[start].protocol()) {
          end++;
        }
        writePort(p, start, end, old, to);
        start = end;
      }
      activity.finish();
      featureCounts.finish();
      fingerprints.finish();
    }
  }

  /** Reads one column group of a stored cell (columns from the fourth on). */
  private interface CellColumns<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /**
   * The stored cells of {@code table} in the hour range (on DuckDB only those joined by {@code
   * join}), by {@link #cellKey}; {@code columns} follow {@code t.bucket, t.port, t.protocol}.
   */
  private <T> Map<Long, T> storedCells(
      String columns, String table, String join, long minHour, long maxHour, CellColumns<T> reader)
      throws SQLException {
    PreparedStatement q =
        statements.get(
            "SELECT t.bucket, t.port, t.protocol, t."
                + columns
                + " FROM "
                + table
                + " t"
                + join
                + " WHERE t.bucket BETWEEN ? AND ?");
    q.setLong(1, minHour);
    q.setLong(2, maxHour);
    Map<Long, T> out = new HashMap<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        out.put(cellKey(rs.getLong(1), rs.getInt(2), rs.getInt(3)), reader.read(rs));
      }
    }
    return out;
  }

  /** The stored rows of the batch's cells, by {@link #cellKey}. */
  private record Stored(
      Map<Long, CellRow> activity, Map<Long, byte[]> features, Map<Long, byte[]> fingerprints) {}

  private record Writers(
      TableWriter activity, TableWriter featureCounts, TableWriter fingerprints) {}

  /** One (port, protocol) run of the cell-ordered probes: its hours. */
  private void writePort(Probe[] p, int from, int to, Stored before, Writers out)
      throws SQLException {
    Map<Long, CellRow> stored = before.activity();
    Map<Long, byte[]> storedFeatures = before.features();
    TableWriter activity = out.activity();
    TableWriter featureCounts = out.featureCounts();
    int port = p[from].dstPort();
    int protocol = ProbeCodec.number(p[from].protocol());
    Short proto = (short) protocol;
    FeatureAggregator features = new FeatureAggregator(BucketSize.HOUR);
    for (int i = from; i < to; i++) {
      features.accept(p[i]);
    }
    int start = from;
    while (start < to) {
      long hour = BucketSize.HOUR.startOf(p[start].timeNanos());
      int end = start;
      DistinctCounter sources = new DistinctCounter();
      DistinctCounter targets = new DistinctCounter();
      while (end < to && BucketSize.HOUR.startOf(p[end].timeNanos()) == hour) {
        sources.add(p[end].srcHi(), p[end].srcLo());
        targets.add(p[end].dstHi(), p[end].dstLo());
        end++;
      }
      long records = end - start;
      long key = cellKey(hour, port, protocol);
      CellRow old = stored.get(key);
      String where = "port_activity " + port + "/" + p[from].protocol().label() + " hour " + hour;
      if (old != null) {
        DistinctCounter oldSources = Counters.decode(old.sources(), where + " sources");
        DistinctCounter oldTargets = Counters.decode(old.targets(), where + " targets");
        oldSources.merge(sources);
        oldTargets.merge(targets);
        sources = oldSources;
        targets = oldTargets;
        records += old.records();
      }
      Object[] row = {
        hour,
        port,
        proto,
        records,
        Counters.clamp(sources.estimate(), records),
        Counters.clamp(targets.estimate(), records),
        sources.toBytes(),
        targets.toBytes()
      };
      if (old != null) {
        activity.update(row);
      } else {
        activity.insert(row);
      }
      // The new records' features, merged with the stored cell's.
      FeatureCounts counts =
          features.sum(
              p[from].dstPort(),
              p[from].protocol(),
              Instant.ofEpochSecond(hour),
              Instant.ofEpochSecond(hour + HOUR));
      byte[] oldFeatures = storedFeatures.get(key);
      if (oldFeatures != null) {
        FeatureCounts merged;
        try {
          merged = FeatureCountsCodec.decode(oldFeatures);
        } catch (IllegalArgumentException e) {
          throw new StoreException(
              "feature_counts "
                  + port
                  + "/"
                  + p[from].protocol().label()
                  + " hour "
                  + hour
                  + ": "
                  + e.getMessage(),
              e);
        }
        merged.addAll(counts);
        featureCounts.update(hour, port, proto, FeatureCountsCodec.encode(merged));
      } else {
        featureCounts.insert(hour, port, proto, FeatureCountsCodec.encode(counts));
      }
      writeFingerprints(features, p[from], hour, key, before.fingerprints(), out.fingerprints());
      start = end;
    }
  }

  /** The new records' fingerprint source sets, merged (capped union) with the stored cell's. */
  private static void writeFingerprints(
      FeatureAggregator features,
      Probe first,
      long hour,
      long key,
      Map<Long, byte[]> stored,
      TableWriter fingerprints)
      throws SQLException {
    int port = first.dstPort();
    Short proto = (short) ProbeCodec.number(first.protocol());
    FingerprintSources sets =
        features.fingerprintCell(port, first.protocol(), Instant.ofEpochSecond(hour));
    byte[] oldSets = stored.get(key);
    if (oldSets == null) {
      fingerprints.insert(hour, port, proto, FingerprintSourcesCodec.encode(sets));
      return;
    }
    FingerprintSources merged;
    try {
      merged = FingerprintSourcesCodec.decode(oldSets);
    } catch (IllegalArgumentException e) {
      throw new StoreException(
          "fingerprint_sources "
              + port
              + "/"
              + first.protocol().label()
              + " hour "
              + Instant.ofEpochSecond(hour)
              + ": "
              + e.getMessage(),
          e);
    }
    merged.addAll(sets);
    fingerprints.update(hour, port, proto, FingerprintSourcesCodec.encode(merged));
  }

  /** Each new submission's probes as compressed chunks. */
  private void writeChunks(List<Receipt> receipts, List<Submission> submissions)
      throws SQLException {
    try (TableWriter chunks =
        new TableWriter(
            c,
            dialect,
            "probe_chunks",
            List.of("submission_id", "port", "protocol", "day", "seq", "probes", "data"),
            List.of("submission_id", "port", "protocol", "day", "seq"),
            "day")) {
      for (int i = 0; i < receipts.size(); i++) {
        Probe[] byTime = submissions.get(i).probes().toArray(new Probe[0]);
        java.util.Arrays.sort(byTime, BY_TIME);
        Probe[] p = byCell(byTime);
        int start = 0;
        while (start < p.length) {
          int end = start;
          while (end < p.length
              && p[end].dstPort() == p[start].dstPort()
              && p[end].protocol() == p[start].protocol()) {
            end++;
          }
          writeChunks(p, start, end, chunks, receipts.get(i).id());
          start = end;
        }
      }
      chunks.finish();
    }
  }

  /** Probe chunks of one (port, protocol) run: one per day, split past CHUNK_PROBES. */
  private static void writeChunks(
      Probe[] p, int from, int to, TableWriter chunks, long submissionId) throws SQLException {
    int port = p[from].dstPort();
    Short proto = (short) ProbeCodec.number(p[from].protocol());
    int start = from;
    while (start < to) {
      long day = BucketSize.DAY.startOf(p[start].timeNanos());
      int end = start;
      while (end < to && BucketSize.DAY.startOf(p[end].timeNanos()) == day) {
        end++;
      }
      int seq = 0;
      for (int s = start; s < end; s += CHUNK_PROBES) {
        int e = Math.min(end, s + CHUNK_PROBES);
        List<Probe> chunk = java.util.Arrays.asList(p).subList(s, e);
        chunks.insert(
            submissionId,
            port,
            proto,
            day,
            seq++,
            e - s,
            ProbeCodec.encode(chunk, port, p[from].protocol()));
      }
      start = end;
    }
  }

  // ---------------------------------------------------------------- sources

  private record SourceKey(long hi, long lo, long day) {}

  private record SourceRow(
      long records, byte[] targets, byte[] ports, long firstSeen, long lastSeen, String sensors) {}

  private static final String SOURCE_COLUMNS =
      "src_hi, src_lo, day, records, target_set, port_set, first_seen, last_seen, sensors";

  private void writeSources(Probe[] p) throws SQLException {
    long minDay = Long.MAX_VALUE;
    long maxDay = Long.MIN_VALUE;
    for (Probe probe : p) {
      long d = BucketSize.DAY.startOf(probe.timeNanos());
      minDay = Math.min(minDay, d);
      maxDay = Math.max(maxDay, d);
    }
    Map<SourceKey, SourceRow> stored = storedSources(p, minDay, maxDay);
    try (TableWriter rows =
        new TableWriter(
            c,
            dialect,
            "source_activity",
            List.of(
                "src_hi",
                "src_lo",
                "day",
                "records",
                "targets",
                "ports",
                "target_set",
                "port_set",
                "first_seen",
                "last_seen",
                "sensors"),
            List.of("src_hi", "src_lo", "day"),
            "day")) {
      int start = 0;
      while (start < p.length) {
        Probe first = p[start];
        long day = BucketSize.DAY.startOf(first.timeNanos());
        int end = start;
        DistinctCounter targets = new DistinctCounter();
        DistinctCounter ports = new DistinctCounter();
        TreeSet<String> sensors = new TreeSet<>();
        while (end < p.length
            && p[end].srcHi() == first.srcHi()
            && p[end].srcLo() == first.srcLo()
            && BucketSize.DAY.startOf(p[end].timeNanos()) == day) {
          targets.add(p[end].dstHi(), p[end].dstLo());
          ports.addKey(portKey(p[end]));
          sensors.add(p[end].sensor());
          end++;
        }
        long records = end - start;
        long firstSeen = first.timeNanos();
        long lastSeen = p[end - 1].timeNanos();
        SourceRow old = stored.get(new SourceKey(first.srcHi(), first.srcLo(), day));
        if (old != null) {
          String where = "source_activity " + first.sourceText() + " day " + day;
          DistinctCounter oldTargets = Counters.decode(old.targets(), where + " targets");
          DistinctCounter oldPorts = Counters.decode(old.ports(), where + " ports");
          oldTargets.merge(targets);
          oldPorts.merge(ports);
          targets = oldTargets;
          ports = oldPorts;
          records += old.records();
          firstSeen = Math.min(firstSeen, old.firstSeen());
          lastSeen = Math.max(lastSeen, old.lastSeen());
          sensors.addAll(SensorList.parse(old.sensors()));
        }
        Object[] row = {
          first.srcHi(),
          first.srcLo(),
          day,
          records,
          Counters.clamp(targets.estimate(), records),
          Counters.clamp(ports.estimate(), records),
          targets.toBytes(),
          ports.toBytes(),
          firstSeen,
          lastSeen,
          SensorList.format(sensors)
        };
        if (old != null) {
          rows.update(row);
        } else {
          rows.insert(row);
        }
        start = end;
      }
      rows.finish();
    }
  }

  /** A (port, protocol) pair as a non-zero key for a distinct counter. */
  static long portKey(Probe p) {
    return (((long) ProbeCodec.number(p.protocol())) << 16 | p.dstPort()) + 1;
  }

  /**
   * An appender to a DuckDB temporary table of the batch's keys, made on first use and emptied for
   * each batch: the keys are then joined with the stored rows, so only matching rows cross JDBC.
   */
  private org.duckdb.DuckDBAppender emptyTempTable(String table, String columns)
      throws SQLException {
    try (java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE IF NOT EXISTS " + table + " (" + columns + ")");
      s.execute("DELETE FROM " + table);
    }
    return c.unwrap(org.duckdb.DuckDBConnection.class).createAppender("temp", "main", table);
  }

  /**
   * The stored rows of the batch's sources on the batch's days. DuckDB: the batch's (source, day)
   * keys go into a temporary table joined with the days' rows, so that only matching rows cross
   * JDBC. PostgreSQL: look-ups through the primary key, {@value #IN_LIST} sources a query.
   */
  private Map<SourceKey, SourceRow> storedSources(Probe[] p, long minDay, long maxDay)
      throws SQLException {
    Map<SourceKey, SourceRow> out = new HashMap<>();
    if (dialect == Database.Dialect.DUCKDB) {
      try (org.duckdb.DuckDBAppender wanted =
          emptyTempTable("wanted_sources", "src_hi BIGINT, src_lo BIGINT, day BIGINT")) {
        for (int i = 0; i < p.length; i++) {
          long day = BucketSize.DAY.startOf(p[i].timeNanos());
          if (i > 0
              && p[i].srcHi() == p[i - 1].srcHi()
              && p[i].srcLo() == p[i - 1].srcLo()
              && day == BucketSize.DAY.startOf(p[i - 1].timeNanos())) {
            continue;
          }
          wanted.beginRow().append(p[i].srcHi()).append(p[i].srcLo()).append(day).endRow();
        }
      }
      PreparedStatement q =
          statements.get(
              "SELECT s."
                  + SOURCE_COLUMNS.replace(", ", ", s.")
                  + " FROM source_activity s JOIN wanted_sources w"
                  + " ON s.src_hi = w.src_hi AND s.src_lo = w.src_lo AND s.day = w.day"
                  + " WHERE s.day BETWEEN ? AND ?");
      q.setLong(1, minDay);
      q.setLong(2, maxDay);
      readSources(q, out);
      return out;
    }
    List<long[]> distinct = new ArrayList<>();
    for (int i = 0; i < p.length; i++) {
      if (i == 0 || p[i].srcHi() != p[i - 1].srcHi() || p[i].srcLo() != p[i - 1].srcLo()) {
        distinct.add(new long[] {p[i].srcHi(), p[i].srcLo()});
      }
    }
    for (int from = 0; from < distinct.size(); from += IN_LIST) {
      List<long[]> part = distinct.subList(from, Math.min(distinct.size(), from + IN_LIST));
      StringBuilder sql =
          new StringBuilder("SELECT ")
              .append(SOURCE_COLUMNS)
              .append(" FROM source_activity WHERE day BETWEEN ? AND ? AND (src_hi, src_lo) IN (");
      for (int i = 0; i < part.size(); i++) {
        sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
      }
      sql.append(')');
      try (PreparedStatement q = c.prepareStatement(sql.toString())) {
        q.setLong(1, minDay);
        q.setLong(2, maxDay);
        int n = 3;
        for (long[] src : part) {
          q.setLong(n++, src[0]);
          q.setLong(n++, src[1]);
        }
        readSources(q, out);
      }
    }
    return out;
  }

  private static void readSources(PreparedStatement q, Map<SourceKey, SourceRow> out)
      throws SQLException {
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        SourceKey key = new SourceKey(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        out.put(
            key,
            new SourceRow(
                rs.getLong(4),
                rs.getBytes(5),
                rs.getBytes(6),
                rs.getLong(7),
                rs.getLong(8),
                rs.getString(9)));
      }
    }
  }

  /** The failure with the step that met it, so that a log names the table. */
  private static SQLException at(String step, SQLException e) {
    return new SQLException(step + ": " + Database.firstLine(e), e.getSQLState(), e);
  }
}

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
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.DistinctCounter;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.detect.FeatureCounts;
import org.stormwatch.core.detect.FingerprintSources;
import org.stormwatch.core.detect.FingerprintSourcesCodec;
import org.stormwatch.core.model.Protocol;

/**
 * Reads port activity and feature histograms. Hours are stored; a day is the merge of its hours'
 * counters, so a day's distinct count is the distinct addresses of the day (not a sum of hours).
 */
final class PortActivityReads {
  private static final long HOUR = BucketSize.HOUR.seconds();
  private static final long DAY = BucketSize.DAY.seconds();

  /** The order of core's PortActivityAggregator: bucket, records (most first), port, protocol. */
  static final Comparator<PortActivity> ROW_ORDER =
      Comparator.comparing(PortActivity::start)
          .thenComparing(Comparator.comparingLong(PortActivity::records).reversed())
          .thenComparingInt(PortActivity::port)
          .thenComparingInt(r -> r.protocol().ordinal());

  private PortActivityReads() {}

  /** The first bucket start at or after the instant, for buckets of the given length. */
  static long ceil(Instant t, long bucket) {
    long seconds = t.getEpochSecond() + (t.getNano() > 0 ? 1 : 0);
    return Math.floorDiv(seconds + bucket - 1, bucket) * bucket;
  }

  /** The hour range [first, end) covering the buckets of a size whose start is in [from, to). */
  static long[] hours(Instant from, Instant to, BucketSize bucket) {
    long size = bucket.seconds();
    long first = from == null ? Long.MIN_VALUE / 2 : ceil(from, size);
    long end = to == null ? Long.MAX_VALUE / 2 : ceil(to, size);
    return new long[] {first, end};
  }

  static List<PortActivity> rows(Connection c, PortQuery q) throws SQLException {
    long[] range = hours(q.from(), q.to(), q.bucket());
    boolean day = q.bucket() == BucketSize.DAY;
    StringBuilder sql =
        new StringBuilder("SELECT bucket, port, protocol, records, sources, targets")
            .append(day ? ", source_set, target_set" : "")
            .append(" FROM port_activity WHERE bucket >= ? AND bucket < ?");
    if (q.port() != null) {
      sql.append(" AND port = ?");
    }
    if (q.protocol() != null) {
      sql.append(" AND protocol = ?");
    }
    if (day) {
      sql.append(" ORDER BY port, protocol, bucket");
    }
    List<PortActivity> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      int n = 1;
      s.setLong(n++, range[0]);
      s.setLong(n++, range[1]);
      if (q.port() != null) {
        s.setInt(n++, q.port());
      }
      if (q.protocol() != null) {
        s.setInt(n++, ProbeCodec.number(q.protocol()));
      }
      try (ResultSet rs = s.executeQuery()) {
        if (day) {
          readDays(rs, out);
        } else {
          while (rs.next()) {
            long records = rs.getLong(4);
            out.add(
                new PortActivity(
                    Instant.ofEpochSecond(rs.getLong(1)),
                    rs.getInt(2),
                    protocol(rs.getInt(3)),
                    records,
                    Counters.clamp(rs.getLong(5), records),
                    Counters.clamp(rs.getLong(6), records)));
          }
        }
      }
    }
    out.sort(ROW_ORDER);
    return out;
  }

  /** Hour rows ordered by port, protocol, bucket, merged into days. */
  private static void readDays(ResultSet rs, List<PortActivity> out) throws SQLException {
    DayCell cell = null;
    while (rs.next()) {
      long bucket = rs.getLong(1);
      long day = Math.floorDiv(bucket, DAY) * DAY;
      int port = rs.getInt(2);
      int protocol = rs.getInt(3);
      if (cell == null || cell.day != day || cell.port != port || cell.protocol != protocol) {
        if (cell != null) {
          out.add(cell.row());
        }
        cell = new DayCell(day, port, protocol);
      }
      cell.add(bucket, rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getBytes(7), rs.getBytes(8));
    }
    if (cell != null) {
      out.add(cell.row());
    }
  }

  /** The hours of one (day, port, protocol) as they are read. */
  private static final class DayCell {
    final long day;
    final int port;
    final int protocol;
    long records;
    int hours;
    // A day of one stored hour needs no merge: its counts are kept and its sets not decoded.
    long firstSources;
    long firstTargets;
    long firstBucket;
    byte[] firstSourceSet;
    byte[] firstTargetSet;
    DistinctCounter sources;
    DistinctCounter targets;

    DayCell(long day, int port, int protocol) {
      this.day = day;
      this.port = port;
      this.protocol = protocol;
    }

    void add(long bucket, long rowRecords, long rowSources, long rowTargets, byte[] s, byte[] t) {
      records += rowRecords;
      hours++;
      if (hours == 1) {
        firstBucket = bucket;
        firstSources = rowSources;
        firstTargets = rowTargets;
        firstSourceSet = s;
        firstTargetSet = t;
        return;
      }
      if (hours == 2) {
        sources = decode(firstSourceSet, firstBucket, port, protocol, "sources");
        targets = decode(firstTargetSet, firstBucket, port, protocol, "targets");
      }
      sources.merge(decode(s, bucket, port, protocol, "sources"));
      targets.merge(decode(t, bucket, port, protocol, "targets"));
    }

    PortActivity row() {
      long s = hours == 1 ? firstSources : sources.estimate();
      long t = hours == 1 ? firstTargets : targets.estimate();
      return new PortActivity(
          Instant.ofEpochSecond(day),
          port,
          protocol(protocol),
          records,
          Counters.clamp(s, records),
          Counters.clamp(t, records));
    }
  }

  static DistinctCounter decode(byte[] bytes, long bucket, int port, int protocol, String what) {
    return Counters.decode(
        bytes,
        "port_activity "
            + port
            + "/"
            + protocol(protocol).label()
            + " hour "
            + Instant.ofEpochSecond(bucket)
            + " "
            + what);
  }

  static Protocol protocol(int number) {
    try {
      return ProbeCodec.protocol(number);
    } catch (IllegalArgumentException e) {
      throw new StoreException("stored row with " + e.getMessage(), e);
    }
  }

  static List<TopPort> top(Connection c, Instant from, Instant to, int n) throws SQLException {
    long[] range = hours(from, to, BucketSize.HOUR);
    List<long[]> ranked = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT port, protocol, SUM(records) AS total FROM port_activity"
                + " WHERE bucket >= ? AND bucket < ? GROUP BY port, protocol"
                + " ORDER BY total DESC, port, protocol LIMIT ?")) {
      s.setLong(1, range[0]);
      s.setLong(2, range[1]);
      s.setInt(3, n);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ranked.add(new long[] {rs.getInt(1), rs.getInt(2), rs.getLong(3)});
        }
      }
    }
    List<TopPort> out = new ArrayList<>();
    for (long[] r : ranked) {
      out.add(merged(c, (int) r[0], (int) r[1], range, r[2]));
    }
    return out;
  }

  /**
   * One port's records and its distinct sources and targets over the hours starting in {@code
   * [from, to)}: the hours' counters merged, so a source of many hours counts once.
   */
  static TopPort reach(Connection c, int port, Protocol protocol, Instant from, Instant to)
      throws SQLException {
    long[] range = hours(from, to, BucketSize.HOUR);
    long records;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT COALESCE(SUM(records), 0) FROM port_activity"
                + " WHERE port = ? AND protocol = ? AND bucket >= ? AND bucket < ?")) {
      s.setInt(1, port);
      s.setInt(2, ProbeCodec.number(protocol));
      s.setLong(3, range[0]);
      s.setLong(4, range[1]);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        records = rs.getLong(1);
      }
    }
    return merged(c, port, ProbeCodec.number(protocol), range, records);
  }

  private static TopPort merged(Connection c, int port, int protocol, long[] range, long records)
      throws SQLException {
    DistinctCounter sources = new DistinctCounter();
    DistinctCounter targets = new DistinctCounter();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT bucket, source_set, target_set FROM port_activity"
                + " WHERE port = ? AND protocol = ? AND bucket >= ? AND bucket < ?")) {
      s.setInt(1, port);
      s.setInt(2, protocol);
      s.setLong(3, range[0]);
      s.setLong(4, range[1]);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          sources.merge(decode(rs.getBytes(2), rs.getLong(1), port, protocol, "sources"));
          targets.merge(decode(rs.getBytes(3), rs.getLong(1), port, protocol, "targets"));
        }
      }
    }
    return new TopPort(
        port,
        protocol(protocol),
        records,
        Counters.clamp(sources.estimate(), records),
        Counters.clamp(targets.estimate(), records));
  }

  static FeatureCounts features(Connection c, int port, Protocol protocol, Instant from, Instant to)
      throws SQLException {
    FeatureCounts out = new FeatureCounts();
    long[] range = hours(from, to, BucketSize.HOUR);
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT bucket, counts FROM feature_counts"
                + " WHERE port = ? AND protocol = ? AND bucket >= ? AND bucket < ? ORDER BY bucket")) {
      s.setInt(1, port);
      s.setInt(2, ProbeCodec.number(protocol));
      s.setLong(3, range[0]);
      s.setLong(4, range[1]);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          try {
            out.addAll(FeatureCountsCodec.decode(rs.getBytes(2)));
          } catch (IllegalArgumentException e) {
            throw new StoreException(
                "feature_counts "
                    + port
                    + "/"
                    + protocol.label()
                    + " hour "
                    + Instant.ofEpochSecond(rs.getLong(1))
                    + ": "
                    + e.getMessage(),
                e);
          }
        }
      }
    }
    return out;
  }

  /**
   * A port's fingerprint source sets per bucket of the given size (by its start, epoch seconds):
   * the capped union of its hours' sets, merged in hour order.
   */
  static Map<Long, FingerprintSources> fingerprints(
      Connection c, int port, Protocol protocol, BucketSize bucket) throws SQLException {
    Map<Long, FingerprintSources> out = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT bucket, sets FROM fingerprint_sources"
                + " WHERE port = ? AND protocol = ? ORDER BY bucket")) {
      s.setInt(1, port);
      s.setInt(2, ProbeCodec.number(protocol));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long hour = rs.getLong(1);
          FingerprintSources sets;
          try {
            sets = FingerprintSourcesCodec.decode(rs.getBytes(2));
          } catch (IllegalArgumentException e) {
            throw new StoreException(
                "fingerprint_sources "
                    + port
                    + "/"
                    + protocol.label()
                    + " hour "
                    + Instant.ofEpochSecond(hour)
                    + ": "
                    + e.getMessage(),
                e);
          }
          long start = Math.floorDiv(hour, bucket.seconds()) * bucket.seconds();
          FingerprintSources cell = out.get(start);
          if (cell == null) {
            out.put(start, sets);
          } else {
            cell.addAll(sets);
          }
        }
      }
    }
    return out;
  }

  /** The first hour stored with fingerprint sets: later hours have them all. */
  static long fingerprintsSince(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT MAX(since) FROM fingerprint_coverage");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

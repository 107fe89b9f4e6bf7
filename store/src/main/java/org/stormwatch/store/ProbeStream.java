package org.stormwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.ProbeSink;

/**
 * Streams the stored probes in time order, for detectors that follow each source's contacts (the
 * scanner detector).
 *
 * <p>How: a chunk holds one submission's probes of one (port, protocol, day), in time order, and no
 * probe lies outside its chunk's day. So the days are read one after the other, and within a day
 * the day's chunks are merged (a k-way merge on a heap keyed by each chunk's next probe time).
 * Memory holds one day's chunks in their compact inflated form (about 16 bytes a probe, see {@link
 * ProbeCodec.Cursor}) and one probe object per chunk, not the day's probes as objects. Equal times
 * are broken by chunk order (submission, port, protocol, seq), so the order is deterministic; the
 * order in which the sensor saw probes of the same nanosecond is not kept.
 */
final class ProbeStream {
  private ProbeStream() {}

  /** A chunk being merged, with its next probe. */
  private static final class Head {
    final ProbeCodec.Cursor cursor;
    final int order;
    final String name;
    Probe next;

    Head(ProbeCodec.Cursor cursor, int order, String name) {
      this.cursor = cursor;
      this.order = order;
      this.name = name;
    }

    boolean advance() {
      try {
        next = cursor.next();
      } catch (IllegalArgumentException e) {
        throw new StoreException(name + ": " + e.getMessage(), e);
      }
      return next != null;
    }
  }

  /**
   * Feeds every stored probe with a time in {@code [from, to)} (null for no bound) to the sink in
   * time order.
   *
   * @return how many probes were fed
   * @throws StoreException naming the chunk when a stored chunk is damaged
   */
  static long feed(Connection c, Instant from, Instant to, ProbeSink sink) throws SQLException {
    long fromNanos = from == null ? Long.MIN_VALUE : nanos(from);
    long toNanos = to == null ? Long.MAX_VALUE : nanos(to);
    long fed = 0;
    for (long day : days(c, from, to)) {
      PriorityQueue<Head> heap =
          new PriorityQueue<>(
              (a, b) ->
                  a.next.timeNanos() != b.next.timeNanos()
                      ? Long.compare(a.next.timeNanos(), b.next.timeNanos())
                      : Integer.compare(a.order, b.order));
      for (Head h : chunks(c, day)) {
        if (h.advance()) {
          heap.add(h);
        }
      }
      while (!heap.isEmpty()) {
        Head h = heap.poll();
        long t = h.next.timeNanos();
        if (t >= fromNanos && t < toNanos) {
          sink.accept(h.next);
          fed++;
        }
        if (h.advance()) {
          heap.add(h);
        }
      }
    }
    return fed;
  }

  private static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  /** The days that hold chunks overlapping {@code [from, to)}, oldest first. */
  private static List<Long> days(Connection c, Instant from, Instant to) throws SQLException {
    long lo = from == null ? Long.MIN_VALUE : Math.floorDiv(from.getEpochSecond(), 86_400) * 86_400;
    long hi = to == null ? Long.MAX_VALUE : to.getEpochSecond() + 1;
    List<Long> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT DISTINCT day FROM probe_chunks WHERE day >= ? AND day < ? ORDER BY day")) {
      s.setLong(1, lo);
      s.setLong(2, hi);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out;
  }

  private static List<Head> chunks(Connection c, long day) throws SQLException {
    List<Head> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT submission_id, port, protocol, seq, data FROM probe_chunks WHERE day = ?"
                + " ORDER BY submission_id, port, protocol, seq")) {
      s.setLong(1, day);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String name =
              "probe_chunks submission "
                  + rs.getLong(1)
                  + " port "
                  + rs.getInt(2)
                  + " protocol "
                  + rs.getInt(3)
                  + " day "
                  + Instant.ofEpochSecond(day)
                  + " chunk "
                  + rs.getInt(4);
          ProbeCodec.Cursor cursor;
          try {
            cursor = new ProbeCodec.Cursor(rs.getBytes(5));
          } catch (IllegalArgumentException e) {
            throw new StoreException(name + ": " + e.getMessage(), e);
          }
          out.add(new Head(cursor, out.size(), name));
        }
      }
    }
    return out;
  }
}

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
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/** Reads per-source activity, and the top sources of a port from the stored probes. */
final class SourceReads {
  private SourceReads() {}

  static List<SourceDay> days(Connection c, long hi, long lo) throws SQLException {
    List<SourceDay> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT day, records, targets, ports, first_seen, last_seen, sensors"
                + " FROM source_activity WHERE src_hi = ? AND src_lo = ? ORDER BY day")) {
      s.setLong(1, hi);
      s.setLong(2, lo);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(
              new SourceDay(
                  Instant.ofEpochSecond(rs.getLong(1)),
                  rs.getLong(2),
                  rs.getLong(3),
                  rs.getLong(4),
                  nanos(rs.getLong(5)),
                  nanos(rs.getLong(6)),
                  SensorList.parse(rs.getString(7))));
        }
      }
    }
    return out;
  }

  static Instant nanos(long n) {
    return Instant.ofEpochSecond(
        Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
  }

  private record Address(long hi, long lo) {}

  private static final class Tally {
    long probes;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    DistinctCounter targets;
  }

  /**
   * Two passes over the chunks of the port's days: the first counts probes per source, the second
   * counts distinct targets and first/last seen of the top {@code n} only, so that memory holds one
   * long per source rather than a set per source.
   */
  static List<SourceCount> top(
      Connection c, int port, Protocol protocol, Instant from, Instant to, int n)
      throws SQLException {
    if (n < 0) {
      throw new IllegalArgumentException("n must be 0 or more, not " + n);
    }
    long fromNanos = from.getEpochSecond() * 1_000_000_000L + from.getNano();
    long toNanos = to.getEpochSecond() * 1_000_000_000L + to.getNano();
    Map<Address, Tally> all = new HashMap<>();
    forEachProbe(
        c,
        port,
        protocol,
        fromNanos,
        toNanos,
        p -> all.computeIfAbsent(new Address(p.srcHi(), p.srcLo()), a -> new Tally()).probes++);
    List<Map.Entry<Address, Tally>> ranked = new ArrayList<>(all.entrySet());
    ranked.sort(
        Comparator.<Map.Entry<Address, Tally>>comparingLong(e -> -e.getValue().probes)
            .thenComparingLong(e -> e.getKey().hi())
            .thenComparingLong(e -> e.getKey().lo()));
    Map<Address, Tally> top = new HashMap<>();
    for (int i = 0; i < Math.min(n, ranked.size()); i++) {
      Tally t = ranked.get(i).getValue();
      t.targets = new DistinctCounter();
      top.put(ranked.get(i).getKey(), t);
    }
    if (!top.isEmpty()) {
      forEachProbe(
          c,
          port,
          protocol,
          fromNanos,
          toNanos,
          p -> {
            Tally t = top.get(new Address(p.srcHi(), p.srcLo()));
            if (t != null) {
              t.targets.add(p.dstHi(), p.dstLo());
              t.first = Math.min(t.first, p.timeNanos());
              t.last = Math.max(t.last, p.timeNanos());
            }
          });
    }
    List<SourceCount> out = new ArrayList<>();
    for (int i = 0; i < Math.min(n, ranked.size()); i++) {
      Address a = ranked.get(i).getKey();
      Tally t = ranked.get(i).getValue();
      out.add(
          new SourceCount(
              IpAddresses.format(a.hi(), a.lo()),
              t.probes,
              Counters.clamp(t.targets.estimate(), t.probes),
              nanos(t.first),
              nanos(t.last)));
    }
    return out;
  }

  private static void forEachProbe(
      Connection c,
      int port,
      Protocol protocol,
      long fromNanos,
      long toNanos,
      java.util.function.Consumer<Probe> action)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT submission_id, day, seq, data FROM probe_chunks"
                + " WHERE port = ? AND protocol = ? AND day >= ? AND day < ?")) {
      s.setInt(1, port);
      s.setInt(2, ProbeCodec.number(protocol));
      s.setLong(3, BucketSize.DAY.startOf(fromNanos));
      s.setLong(4, Math.floorDiv(toNanos, 1_000_000_000L) + 1);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          List<Probe> probes;
          try {
            probes = ProbeCodec.decode(rs.getBytes(4));
          } catch (IllegalArgumentException e) {
            throw new StoreException(
                "probe_chunks submission "
                    + rs.getLong(1)
                    + " "
                    + port
                    + "/"
                    + protocol.label()
                    + " day "
                    + Instant.ofEpochSecond(rs.getLong(2))
                    + " chunk "
                    + rs.getInt(3)
                    + ": "
                    + e.getMessage(),
                e);
          }
          for (Probe p : probes) {
            if (p.timeNanos() >= fromNanos && p.timeNanos() < toNanos) {
              action.accept(p);
            }
          }
        }
      }
    }
  }
}

package org.stormwatch.core.aggregate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stormwatch.core.model.Protocol;

/** Selections over port report rows: by port and protocol, and ISC's top ports. */
public final class PortReport {
  private PortReport() {}

  /**
   * Keeps the rows of the {@code n} (port, protocol) pairs with the most records over all buckets,
   * ties broken by port then protocol; the rows keep their order.
   */
  public static List<PortActivity> top(List<PortActivity> rows, int n) {
    Map<Long, Long> totals = new HashMap<>();
    for (PortActivity row : rows) {
      totals.merge(key(row.port(), row.protocol()), row.records(), Long::sum);
    }
    List<Map.Entry<Long, Long>> ranked = new ArrayList<>(totals.entrySet());
    ranked.sort(
        Map.Entry.<Long, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()));
    Set<Long> kept = new HashSet<>();
    for (int i = 0; i < Math.min(n, ranked.size()); i++) {
      kept.add(ranked.get(i).getKey());
    }
    List<PortActivity> out = new ArrayList<>();
    for (PortActivity row : rows) {
      if (kept.contains(key(row.port(), row.protocol()))) {
        out.add(row);
      }
    }
    return out;
  }

  /** Keeps the rows matching the port and protocol, each {@code null} for any. */
  public static List<PortActivity> filter(
      List<PortActivity> rows, Integer port, Protocol protocol) {
    List<PortActivity> out = new ArrayList<>();
    for (PortActivity row : rows) {
      if ((port == null || row.port() == port)
          && (protocol == null || row.protocol() == protocol)) {
        out.add(row);
      }
    }
    return out;
  }

  private static long key(int port, Protocol protocol) {
    return ((long) port << 2) | protocol.ordinal();
  }
}

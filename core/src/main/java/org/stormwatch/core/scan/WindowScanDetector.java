package org.stormwatch.core.scan;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Distinct-target and distinct-port thresholds in a sliding window, as Zeek's {@code
 * policy/misc/scan.zeek} sets them: a source that contacts {@link
 * ScannerSettings#addressScanTargets()} distinct targets on one port (25) within {@link
 * ScannerSettings#window()} (5 min) makes an address scan; {@link ScannerSettings#portScanPorts()}
 * distinct ports on one target (15), a port scan. For inputs that show no outcomes (logs of dropped
 * packets, where every line is a failed contact), and, fed with failed first contacts only (as Zeek
 * counts failed connections), as a second opinion where replies are seen. The window slides: counts
 * are exact over the last {@code window} of input time, not per epoch as in Zeek's SumStats.
 *
 * <p>Layout, per source: the live (target, port) pairs in a map ordered by last contact, so that
 * the expired ones are always at its head, plus per port the number of live targets and per target
 * the number of live ports. Each contact costs O(1) amortised. Bounds: sources in a {@link
 * SourceTable}; per source at most {@link ScannerSettings#maxWindowPairs()} live pairs (reaching it
 * flags the source: it spreads over that many pairs within one window); a flagged source's state is
 * dropped.
 */
final class WindowScanDetector {
  private record Pair(Address target, int portKey) {}

  private static final class Window {
    final LinkedHashMap<Pair, Long> lastSeen = new LinkedHashMap<>();
    final HashMap<Integer, Integer> targetsPerPort = new HashMap<>();
    final HashMap<Address, Integer> portsPerTarget = new HashMap<>();
    boolean flagged;
    long newest = Long.MIN_VALUE;
  }

  private final ScannerSettings settings;
  private final ScanAlarm alarm;
  private final SourceTable<Window> windows;
  private final long windowNanos;

  WindowScanDetector(ScannerSettings settings, ScanAlarm alarm) {
    this.settings = settings;
    this.alarm = alarm;
    this.windows = new SourceTable<>(settings.maxSources(), settings.idleTimeout().toNanos());
    this.windowNanos = settings.window().toNanos();
  }

  /**
   * One contact (a dropped probe, or a failed first contact).
   *
   * @param portKey {@link TrwDetector#portKey}: protocol and port
   */
  void contact(Address source, Address target, int portKey, long time) {
    Window w = windows.touch(source, time, Window::new);
    if (w.flagged) {
      return;
    }
    if (time > w.newest) {
      w.newest = time;
    }
    expire(w);
    Pair pair = new Pair(target, portKey);
    Long previous = w.lastSeen.remove(pair);
    w.lastSeen.put(pair, previous == null ? time : Math.max(previous, time));
    if (previous != null) {
      return;
    }
    int targets = w.targetsPerPort.merge(portKey, 1, Integer::sum);
    int ports = w.portsPerTarget.merge(target, 1, Integer::sum);
    if (targets >= settings.addressScanTargets()
        || ports >= settings.portScanPorts()
        || w.lastSeen.size() >= settings.maxWindowPairs()) {
      w.flagged = true;
      int pairs = w.lastSeen.size();
      w.lastSeen.clear();
      w.targetsPerPort.clear();
      w.portsPerTarget.clear();
      alarm.raised(source, ScanMethod.WINDOW, time, pairs);
    }
  }

  boolean flagged(Address source) {
    Window w = windows.peek(source);
    return w != null && w.flagged;
  }

  int trackedSources() {
    return windows.size();
  }

  /** Live pairs of a source (for tests of the bounds). */
  int livePairs(Address source) {
    Window w = windows.peek(source);
    return w == null ? 0 : w.lastSeen.size();
  }

  private void expire(Window w) {
    Iterator<Map.Entry<Pair, Long>> it = w.lastSeen.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Pair, Long> oldest = it.next();
      if (w.newest - oldest.getValue() < windowNanos) {
        return;
      }
      it.remove();
      Pair pair = oldest.getKey();
      w.targetsPerPort.computeIfPresent(pair.portKey(), (k, n) -> n == 1 ? null : n - 1);
      w.portsPerTarget.computeIfPresent(pair.target(), (k, n) -> n == 1 ? null : n - 1);
    }
  }
}

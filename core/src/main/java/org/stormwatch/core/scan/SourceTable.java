package org.stormwatch.core.scan;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Per-source state with bounded memory: a map in least-recently-used order that drops sources idle
 * for longer than the idle timeout, and the least recently used one whenever it holds more than the
 * cap. Both evictions look only at the oldest entries, so they cost O(1) amortised per touch.
 */
final class SourceTable<S> {
  private static final class Entry<S> {
    final S state;
    long lastSeen;

    Entry(S state) {
      this.state = state;
    }
  }

  private final LinkedHashMap<Address, Entry<S>> map = new LinkedHashMap<>(64, 0.75f, true);
  private final int maxSources;
  private final long idleNanos;
  private long evicted;

  SourceTable(int maxSources, long idleNanos) {
    this.maxSources = maxSources;
    this.idleNanos = idleNanos;
  }

  /** The source's state, made by the factory if absent; marks it seen at {@code now}. */
  S touch(Address source, long now, Supplier<S> factory) {
    Entry<S> e = map.get(source);
    if (e == null) {
      e = new Entry<>(factory.get());
      map.put(source, e);
    }
    e.lastSeen = Math.max(e.lastSeen, now);
    evict(now);
    return e.state;
  }

  /** The state without touching it, or {@code null}. */
  S peek(Address source) {
    Entry<S> e = map.get(source);
    return e == null ? null : e.state;
  }

  S remove(Address source) {
    Entry<S> e = map.remove(source);
    return e == null ? null : e.state;
  }

  /** Every state, least recently seen first. */
  void forEach(java.util.function.BiConsumer<Address, S> action) {
    map.forEach((a, e) -> action.accept(a, e.state));
  }

  int size() {
    return map.size();
  }

  /** How many sources were dropped for idleness or the cap. */
  long evicted() {
    return evicted;
  }

  private void evict(long now) {
    Iterator<Map.Entry<Address, Entry<S>>> it = map.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Address, Entry<S>> eldest = it.next();
      boolean idle = now - eldest.getValue().lastSeen > idleNanos;
      if (map.size() <= maxSources && !idle) {
        return;
      }
      it.remove();
      evicted++;
    }
  }
}

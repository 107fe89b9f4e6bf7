package org.stormwatch.core.input;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts by reason, in the order the reasons first occurred. Not thread-safe. */
public final class Tally {
  private final Map<String, long[]> counts = new LinkedHashMap<>();
  private long total;
  // Most calls repeat the last reason (a run of replies, of other syslog lines): skip the map then.
  private String lastReason;
  private long[] lastCount;

  public void add(String reason) {
    add(reason, 1);
  }

  public void add(String reason, long n) {
    if (reason != lastReason) {
      lastCount = counts.computeIfAbsent(reason, k -> new long[1]);
      lastReason = reason;
    }
    lastCount[0] += n;
    total += n;
  }

  public void addAll(Tally other) {
    other.counts.forEach((reason, n) -> add(reason, n[0]));
  }

  public long total() {
    return total;
  }

  public long get(String reason) {
    long[] n = counts.get(reason);
    return n == null ? 0 : n[0];
  }

  /** A snapshot, reason to count, in first-seen order. */
  public Map<String, Long> asMap() {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.forEach((reason, n) -> out.put(reason, n[0]));
    return Collections.unmodifiableMap(out);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    counts.forEach(
        (reason, n) -> {
          if (sb.length() > 0) {
            sb.append(", ");
          }
          sb.append(reason).append(' ').append(n[0]);
        });
    return sb.toString();
  }
}

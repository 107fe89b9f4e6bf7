package org.stormwatch.core.detect;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Histograms of the explanation features of a set of probes: per feature, how many probes showed
 * each value.
 *
 * <p>Memory is bounded: at most {@link #MAX_VALUES} distinct values per feature are counted one by
 * one, and later newcomers are counted under {@link #OTHER}. Counts are exact while a feature has
 * fewer distinct values than that; above it, which values keep their own count depends on arrival
 * order (merging is then not order-independent), but every total stays exact. Not thread-safe.
 */
public final class FeatureCounts {
  /** Distinct values counted one by one per feature. */
  public static final int MAX_VALUES = 64;

  /** The value that counts the values beyond {@link #MAX_VALUES}. */
  public static final String OTHER = "other";

  private final Map<Feature, Map<String, Long>> counts = new EnumMap<>(Feature.class);
  private final Map<Feature, Long> totals = new EnumMap<>(Feature.class);

  /** Counts one probe showing {@code value} for {@code feature}. */
  public void add(Feature feature, String value) {
    add(feature, value, 1);
  }

  /** Counts {@code n} probes showing {@code value} for {@code feature}. */
  public void add(Feature feature, String value, long n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative count: " + n);
    }
    Map<String, Long> values = counts.computeIfAbsent(feature, f -> new HashMap<>());
    // "other" takes no slot, so that which values are kept does not depend on where it comes.
    int kept = values.size() - (values.containsKey(OTHER) ? 1 : 0);
    String key =
        values.containsKey(value) || kept < MAX_VALUES || value.equals(OTHER) ? value : OTHER;
    values.merge(key, n, Long::sum);
    totals.merge(feature, n, Long::sum);
  }

  /** Adds every count of another histogram set to this one. */
  public void addAll(FeatureCounts other) {
    for (Map.Entry<Feature, Map<String, Long>> f : other.counts.entrySet()) {
      for (Map.Entry<String, Long> v : f.getValue().entrySet()) {
        add(f.getKey(), v.getKey(), v.getValue());
      }
    }
  }

  /** The probes that showed any value of the feature. */
  public long total(Feature feature) {
    return totals.getOrDefault(feature, 0L);
  }

  /** The probes that showed the value. */
  public long count(Feature feature, String value) {
    Map<String, Long> values = counts.get(feature);
    return values == null ? 0 : values.getOrDefault(value, 0L);
  }

  /** The share (0 to 1) of the feature's probes that showed the value; 0 when none showed any. */
  public double share(Feature feature, String value) {
    long total = total(feature);
    return total == 0 ? 0 : (double) count(feature, value) / total;
  }

  /** The values counted for a feature, read-only. */
  public Map<String, Long> values(Feature feature) {
    Map<String, Long> values = counts.get(feature);
    return values == null ? Map.of() : Collections.unmodifiableMap(values);
  }

  public boolean isEmpty() {
    return totals.isEmpty();
  }
}

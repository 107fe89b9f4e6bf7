package org.stormwatch.store;

import java.time.Instant;
import java.util.List;

/**
 * One source's activity on one UTC day.
 *
 * @param day the start of the day
 * @param targets distinct destination addresses (exact to 4096, then within ±1.6% at 95%)
 * @param ports distinct (port, protocol) pairs, same precision
 * @param sensors the sensors that saw it, sorted
 */
public record SourceDay(
    Instant day,
    long records,
    long targets,
    long ports,
    Instant firstSeen,
    Instant lastSeen,
    List<String> sensors) {
  public SourceDay {
    sensors = List.copyOf(sensors);
  }
}

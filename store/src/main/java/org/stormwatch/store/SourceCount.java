package org.stormwatch.store;

import java.time.Instant;

/**
 * One source's probes at a port over a time range, counted from the stored probes.
 *
 * @param address the source address as text
 * @param targets distinct targets it probed there (exact to 4096, then within ±1.6% at 95%)
 */
public record SourceCount(
    String address, long probes, long targets, Instant firstSeen, Instant lastSeen) {}

package org.stormwatch.store;

import java.time.Instant;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.model.Protocol;

/**
 * Which port activity to read: the buckets of {@code bucket} size whose start lies in {@code [from,
 * to)}, for one port and protocol or all. A day bucket merges its 24 hours.
 *
 * @param port a destination port, or null for all
 * @param protocol a protocol, or null for all
 * @param from the first instant, or null for the beginning of history
 * @param to the end (exclusive), or null for no end
 */
public record PortQuery(
    Integer port, Protocol protocol, Instant from, Instant to, BucketSize bucket) {
  public PortQuery {
    if (port != null && (port < 0 || port > 0xffff)) {
      throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
    }
    if (bucket == null) {
      throw new IllegalArgumentException("bucket is required");
    }
    if (from != null && to != null && to.isBefore(from)) {
      throw new IllegalArgumentException("from " + from + " is after to " + to);
    }
  }

  /** Every port, all of history, in buckets of the given size. */
  public static PortQuery all(BucketSize bucket) {
    return new PortQuery(null, null, null, null, bucket);
  }
}

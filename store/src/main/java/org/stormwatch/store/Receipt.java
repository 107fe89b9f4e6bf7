package org.stormwatch.store;

import java.time.Instant;
import java.util.Map;

/**
 * What a committed submission came to.
 *
 * @param id the submission's number in this store (1, 2, ...)
 * @param key the submission key it was stored under
 * @param sensor the sensor that submitted it
 * @param storedAt when it was committed
 * @param probes the probes stored
 * @param rejected the units read that were not stored, by reason (malformed and not-probe reasons)
 * @param duplicate whether the key had been stored before: then nothing was added and this is the
 *     earlier receipt
 */
public record Receipt(
    long id,
    String key,
    String sensor,
    Instant storedAt,
    long probes,
    Map<String, Long> rejected,
    boolean duplicate) {
  public Receipt {
    rejected = Map.copyOf(rejected);
  }

  Receipt asDuplicate() {
    return new Receipt(id, key, sensor, storedAt, probes, rejected, true);
  }
}

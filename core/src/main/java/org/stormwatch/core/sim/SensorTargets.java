package org.stormwatch.core.sim;

import java.util.SplittableRandom;

/**
 * Target addresses in the sensor network. Hosts whose last byte is 0 or 255 are never targets: a
 * capture cannot tell a .255 host from a broadcast address (see NbnsFingerprint), and a forged
 * lookup is by definition sent to a unicast address. Of each 256 addresses, 254 are usable.
 */
final class SensorTargets {
  private final int network;
  private final long usable;

  SensorTargets(Background b) {
    this.network = b.sensorNetwork();
    this.usable = b.sensorSize() / 256 * 254;
  }

  /** How many distinct targets there are. */
  long usable() {
    return usable;
  }

  /** The {@code i}-th usable target, {@code 0 <= i < usable()}: sweeps walk these in order. */
  int target(long i) {
    long block = i / 254;
    long host = i % 254 + 1;
    return network + (int) (block * 256 + host);
  }

  int random(SplittableRandom r) {
    return target(r.nextLong(usable));
  }
}

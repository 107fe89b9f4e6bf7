package org.stormwatch.core.sim;

import java.time.Instant;
import org.stormwatch.core.model.Protocol;

/**
 * An outbreak: from {@code onset}, NEW sources (never seen before, each used once) probe {@code
 * port}, each hitting a few targets of the sensor network with packets that carry the {@code
 * fingerprint}. New sources per day follow the {@code growth} curve up to {@code
 * peakSourcesPerDay}; each source sends between 1 and {@code 2 * targetsPerSource - 1} probes (mean
 * {@code targetsPerSource}), a few seconds apart.
 *
 * @param rate the growth curve's rate, per day (see {@link Growth})
 */
public record Outbreak(
    int port,
    Protocol protocol,
    Instant onset,
    Growth growth,
    double rate,
    double peakSourcesPerDay,
    int targetsPerSource,
    Fingerprint fingerprint) {
  public Outbreak {
    ServicePort checked = new ServicePort(port, protocol);
    if (onset == null || growth == null || fingerprint == null) {
      throw new IllegalArgumentException("onset, growth and fingerprint are required");
    }
    if (!(rate > 0) || rate > 100) {
      throw new IllegalArgumentException("growth rate must be in (0, 100] per day, not " + rate);
    }
    if (!(peakSourcesPerDay >= 0) || peakSourcesPerDay > 1e8) {
      throw new IllegalArgumentException(
          "peak sources per day must be 0 to 1e8, not " + peakSourcesPerDay);
    }
    if (targetsPerSource < 1 || targetsPerSource > 10_000) {
      throw new IllegalArgumentException(
          "targets per source must be 1 to 10000, not " + targetsPerSource);
    }
    if (fingerprint.protocol() != protocol) {
      throw new IllegalArgumentException(
          "fingerprint "
              + fingerprint.kind()
              + " needs "
              + fingerprint.protocol().label()
              + ", not "
              + checked);
    }
    if (fingerprint instanceof Fingerprint.NbnsForgedLookup && port != 137) {
      throw new IllegalArgumentException("forged NBNS lookups go to 137/udp, not " + checked);
    }
  }

  public ServicePort servicePort() {
    return new ServicePort(port, protocol);
  }

  /** New sources a day, {@code days} after the onset. */
  public double sourcesPerDay(double days) {
    return peakSourcesPerDay * growth.fraction(days, rate);
  }
}

package org.stormwatch.store;

import java.time.Instant;
import java.util.Objects;
import org.stormwatch.core.detect.FeatureCounts;
import org.stormwatch.core.detect.FingerprintSources;
import org.stormwatch.core.model.Protocol;

/**
 * One (hour, port, protocol) cell of port activity computed outside the store (by the Flink job),
 * as a whole: its records, its distinct sources and targets as core's {@code DistinctCounter} bytes
 * (exact to 4,096, then the HyperLogLog sketch as the job built it), its feature histograms and its
 * fingerprint source sets (for the fingerprint alarm). {@link History#putCells} stores it in place
 * of whatever the cell held before.
 */
public record ActivityCell(
    Instant hour,
    int port,
    Protocol protocol,
    long records,
    byte[] sourceSet,
    byte[] targetSet,
    FeatureCounts features,
    FingerprintSources fingerprints) {
  public ActivityCell {
    Objects.requireNonNull(hour, "hour");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(sourceSet, "sourceSet");
    Objects.requireNonNull(targetSet, "targetSet");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(fingerprints, "fingerprints");
  }

  /** {@code 2002-09-28T03:00:00Z 137/udp}, for keys and messages. */
  public String key() {
    return hour + " " + port + "/" + protocol.label();
  }
}

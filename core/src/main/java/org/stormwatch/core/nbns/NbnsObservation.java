package org.stormwatch.core.nbns;

import java.time.Instant;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Protocol;

/**
 * One NBNS message seen in a capture: who sent it to whom and when, what decoding it came to, and
 * its forged-lookup features.
 */
public record NbnsObservation(
    long timeNanos,
    long srcHi,
    long srcLo,
    int srcPort,
    long dstHi,
    long dstLo,
    int dstPort,
    Protocol protocol,
    NbnsDecodeResult result,
    NbnsFeatures features) {

  public Instant time() {
    return Instant.ofEpochSecond(
        Math.floorDiv(timeNanos, 1_000_000_000L), Math.floorMod(timeNanos, 1_000_000_000L));
  }

  public String source() {
    return IpAddresses.format(srcHi, srcLo);
  }

  public String destination() {
    return IpAddresses.format(dstHi, dstLo);
  }

  /** The message, whole or as far as it was decoded, or null when not even its header was. */
  public NbnsMessage message() {
    if (result instanceof NbnsDecodeResult.Decoded d) {
      return d.message();
    }
    return ((NbnsDecodeResult.Malformed) result).partial();
  }
}

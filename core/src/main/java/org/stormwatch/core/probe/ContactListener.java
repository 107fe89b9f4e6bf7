package org.stormwatch.core.probe;

import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * Sees both sides of a contact: the probes, and the replies that are no probes (a TCP segment with
 * ACK or RST, a UDP reply as {@link ProbeClassifier} tells it), in input order. Only captures show
 * replies; logs of dropped packets give probes alone. For detectors that judge a probe by its
 * outcome (a scan detector's first-contact test).
 */
public interface ContactListener {
  void probe(Probe probe);

  /**
   * A reply-like packet from {@code src} to {@code dst}.
   *
   * @param tcpFlags the TCP flag byte, or -1 for UDP
   */
  void reply(
      long timeNanos,
      long srcHi,
      long srcLo,
      int srcPort,
      long dstHi,
      long dstLo,
      int dstPort,
      Protocol protocol,
      int tcpFlags);
}

package org.stormwatch.core.model;

/** Receives probes, one at a time, in input order. */
@FunctionalInterface
public interface ProbeSink {
  void accept(Probe probe);

  /**
   * Receives a probe given by its fields, for readers that hold them already (the netfilter log
   * reader): exactly {@code accept(new Probe(timeNanos, srcHi, srcLo, srcPort, dstHi, dstLo,
   * dstPort, protocol, tcpFlags, ipLength, ttl, "", null))}, which is what this default does. A
   * sink that reads only some fields overrides it to skip the object (one per line, most of a log
   * report's garbage). The values must be ones {@link Probe} accepts.
   */
  default void acceptFields(
      long timeNanos,
      long srcHi,
      long srcLo,
      int srcPort,
      long dstHi,
      long dstLo,
      int dstPort,
      Protocol protocol,
      int tcpFlags,
      int ipLength,
      int ttl) {
    accept(
        new Probe(
            timeNanos, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort, protocol, tcpFlags, ipLength,
            ttl, "", null));
  }
}

package org.stormwatch.core.model;

import java.time.Instant;

/**
 * One unsolicited contact: who (source address and port) touched whom (destination address and
 * port), with which protocol, when, seen by which sensor, and what the packet showed. Every input
 * (capture, log line, submission) becomes probes; nothing downstream knows where a probe came from.
 *
 * <p>Addresses are stored as two longs each (see {@link IpAddresses}). For ICMP, {@code dstPort}
 * holds the ICMP type of the request (8, echo request; ICMPv6 echo requests are recorded as 8 too)
 * and {@code srcPort} the code, as DShield does.
 *
 * @param timeNanos nanoseconds since the epoch, UTC
 * @param tcpFlags the TCP flag byte (FIN 0x01 ... CWR 0x80), or -1 when unknown or not TCP
 * @param ipLength the IP total length in bytes (IPv6: payload length + 40), or -1 when unknown
 * @param ttl the IPv4 TTL or IPv6 hop limit, or -1 when unknown
 * @param sensor the name of the sensor that saw it, or the empty string
 * @param features what an application decoder saw, or {@code null}
 */
public record Probe(
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
    int ttl,
    String sensor,
    ProbeFeatures features) {

  public static final int UNKNOWN = -1;

  public Probe {
    checkPort(srcPort, "source port");
    checkPort(dstPort, "destination port");
    if (protocol == null) {
      throw new IllegalArgumentException("protocol is required");
    }
    if (tcpFlags < UNKNOWN || tcpFlags > 0xff) {
      throw new IllegalArgumentException("TCP flags out of range: " + tcpFlags);
    }
    if (ipLength < UNKNOWN || ipLength > 0xffff + 40) {
      throw new IllegalArgumentException("IP length out of range: " + ipLength);
    }
    if (ttl < UNKNOWN || ttl > 0xff) {
      throw new IllegalArgumentException("TTL out of range: " + ttl);
    }
    if (sensor == null) {
      sensor = "";
    }
  }

  private static void checkPort(int port, String what) {
    if (port < 0 || port > 0xffff) {
      throw new IllegalArgumentException(what + " out of range: " + port);
    }
  }

  /** A probe with only the five-tuple and time known, as most log lines give it. */
  public static Probe of(
      long timeNanos, long[] src, int srcPort, long[] dst, int dstPort, Protocol protocol) {
    return new Probe(
        timeNanos, src[0], src[1], srcPort, dst[0], dst[1], dstPort, protocol, UNKNOWN, UNKNOWN,
        UNKNOWN, "", null);
  }

  public Instant time() {
    return Instant.ofEpochSecond(
        Math.floorDiv(timeNanos, 1_000_000_000L), Math.floorMod(timeNanos, 1_000_000_000L));
  }

  public String sourceText() {
    return IpAddresses.format(srcHi, srcLo);
  }

  public String destinationText() {
    return IpAddresses.format(dstHi, dstLo);
  }

  /** The same probe with features attached. */
  public Probe withFeatures(ProbeFeatures newFeatures) {
    return new Probe(
        timeNanos,
        srcHi,
        srcLo,
        srcPort,
        dstHi,
        dstLo,
        dstPort,
        protocol,
        tcpFlags,
        ipLength,
        ttl,
        sensor,
        newFeatures);
  }

  /** The same probe at another time. */
  public Probe withTime(long newTimeNanos) {
    return new Probe(
        newTimeNanos,
        srcHi,
        srcLo,
        srcPort,
        dstHi,
        dstLo,
        dstPort,
        protocol,
        tcpFlags,
        ipLength,
        ttl,
        sensor,
        features);
  }

  /** The same probe attributed to a sensor. */
  public Probe withSensor(String newSensor) {
    return new Probe(
        timeNanos, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort, protocol, tcpFlags, ipLength, ttl,
        newSensor, features);
  }
}

package org.stormwatch.core.probe;

import org.stormwatch.core.decode.DecodeOutcome;
import org.stormwatch.core.decode.DecodedPacket;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.ProbeSink;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.nbns.NbnsFeatures;
import org.stormwatch.core.nbns.NbnsFingerprint;

/**
 * Decides which decoded packets are probes: a TCP segment without ACK and without RST (see {@link
 * #tcpNotProbe}); a UDP datagram that is not a reply ({@link UdpReplyTracker}); an ICMP echo
 * request (ICMPv6 type 128 is recorded as ICMP type 8). Stateful because of the UDP replies: one
 * instance per input stream. A UDP probe to port 137 carries the NBNS features of its payload
 * ({@link NbnsFingerprint}).
 */
public final class ProbeClassifier {
  static final int RST = 0x04;
  static final int ACK = 0x10;

  public static final String TCP_ACK = "tcp segment with ACK (reply or established)";
  public static final String TCP_RST = "tcp reset";
  public static final String UDP_REPLY = "udp reply";
  public static final String ICMP_NOT_ECHO = "icmp other than echo request";

  private final UdpReplyTracker replies = new UdpReplyTracker();
  private final String sensor;
  private String lastReason;

  public ProbeClassifier(String sensor) {
    this.sensor = sensor == null ? "" : sensor;
  }

  /**
   * @return the probe, or {@code null} with {@link #reason()} saying why the packet is none
   */
  public Probe classify(DecodeOutcome outcome, DecodedPacket p, byte[] packet, long timeNanos) {
    Protocol protocol = probeProtocol(outcome, p, timeNanos);
    return protocol == null ? null : probe(protocol, p, packet, timeNanos);
  }

  /**
   * Decides whether a packet is a probe, as {@link #classify} does, without making the probe: once
   * per packet, in input order (UDP replies are told by what came before).
   *
   * @return the probe's protocol, or {@code null} with {@link #reason()} saying why the packet is
   *     none
   */
  public Protocol probeProtocol(DecodeOutcome outcome, DecodedPacket p, long timeNanos) {
    switch (outcome) {
      case TCP:
        String notProbe = tcpNotProbe(p.tcpFlags);
        if (notProbe != null) {
          lastReason = notProbe;
          return null;
        }
        return Protocol.TCP;
      case UDP:
        if (replies.recordAndCheckReply(
            p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort, timeNanos)) {
          lastReason = UDP_REPLY;
          return null;
        }
        return Protocol.UDP;
      case ICMP:
        boolean echo = p.ipVersion == 4 ? p.icmpType == 8 : p.icmpType == 128;
        if (!echo) {
          lastReason = ICMP_NOT_ECHO;
          return null;
        }
        return Protocol.ICMP;
      default:
        lastReason = outcome.label();
        return null;
    }
  }

  /**
   * Hands the probe that {@link #probeProtocol} accepted as {@code protocol} to the sink: as its
   * fields ({@link ProbeSink#acceptFields}) where the probe would carry nothing more (no sensor, no
   * NBNS features: every probe but UDP to port 137), so a sink that counts by fields makes no
   * object per packet; otherwise as the {@link Probe} of {@link #probe}. Either way the sink
   * receives the same probe.
   */
  public void emit(
      Protocol protocol, DecodedPacket p, byte[] packet, long timeNanos, ProbeSink sink) {
    if (!sensor.isEmpty() || (protocol == Protocol.UDP && p.dstPort == NbnsFingerprint.NBNS_PORT)) {
      sink.accept(probe(protocol, p, packet, timeNanos));
      return;
    }
    boolean icmp = protocol == Protocol.ICMP;
    sink.acceptFields(
        timeNanos,
        p.srcHi,
        p.srcLo,
        icmp ? p.icmpCode : p.srcPort,
        p.dstHi,
        p.dstLo,
        icmp ? 8 : p.dstPort,
        protocol,
        protocol == Protocol.TCP ? p.tcpFlags : Probe.UNKNOWN,
        Math.min(p.ipLength, 0xffff + 40),
        p.ttl);
  }

  /**
   * The probe of a packet that {@link #probeProtocol} accepted as {@code protocol}; a UDP probe to
   * port 137 carries the NBNS features of its payload.
   */
  public Probe probe(Protocol protocol, DecodedPacket p, byte[] packet, long timeNanos) {
    switch (protocol) {
      case TCP:
        return probe(p, timeNanos, Protocol.TCP, p.srcPort, p.dstPort, p.tcpFlags);
      case UDP:
        Probe udp = probe(p, timeNanos, Protocol.UDP, p.srcPort, p.dstPort, Probe.UNKNOWN);
        if (p.dstPort == NbnsFingerprint.NBNS_PORT) {
          NbnsFeatures nbns =
              NbnsFingerprint.ofUdpPayload(
                  packet, p.payloadOffset, p.payloadLength, p.srcPort, p.dstHi, p.dstLo, p.dstPort);
          return nbns == null ? udp : udp.withFeatures(nbns);
        }
        return udp;
      default:
        return probe(p, timeNanos, Protocol.ICMP, p.icmpCode, 8, Probe.UNKNOWN);
    }
  }

  /**
   * The TCP rule, shared by captures and logs: a segment with ACK (a reply, SYN-ACK backscatter,
   * established traffic) or RST (a reply) is no probe; every other one is: a SYN, and the FIN, NULL
   * and Xmas probes of stealth scans, which carry no SYN. Normal stacks never send a segment
   * without ACK other than the first SYN, so this adds scans and nothing benign.
   *
   * @return why a segment with these flags is no probe, or {@code null} when it is one
   */
  public static String tcpNotProbe(int flags) {
    if ((flags & ACK) != 0) {
      return TCP_ACK;
    }
    return (flags & RST) != 0 ? TCP_RST : null;
  }

  /** Why the last packet that {@link #classify} rejected is no probe. */
  public String reason() {
    return lastReason;
  }

  private Probe probe(
      DecodedPacket p, long time, Protocol protocol, int srcPort, int dstPort, int flags) {
    return new Probe(
        time,
        p.srcHi,
        p.srcLo,
        srcPort,
        p.dstHi,
        p.dstLo,
        dstPort,
        protocol,
        flags,
        Math.min(p.ipLength, 0xffff + 40),
        p.ttl,
        sensor,
        null);
  }
}

package org.stormwatch.core.nbns;

import java.util.ArrayList;
import java.util.List;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Protocol;

/**
 * Computes {@link NbnsFeatures} for a port-137 probe: the fingerprint of the forged NBNS lookups
 * that the SANS Internet Storm Center reported on 2002-09-30.
 *
 * <p>What: legitimate name lookups come from port 137, and one sent to a single host carries no
 * broadcast flag. The forged ones set the broadcast flag (B, 0x0010) on a request sent to a unicast
 * address, from a source port of 1025 or higher. Each of these, and a node status query for the
 * wildcard name {@code *} (what nbtstat -A and scanners send), is a feature with a reason; only the
 * conjunction "broadcast flag on a unicast request AND source port >= 1025", over UDP to port 137,
 * is the verdict {@code forged}. Other combinations are features, not verdicts: Windows hosts do
 * send broadcast-flagged queries from high ports, but to a broadcast address.
 *
 * <p>Broadcast addresses: a capture does not know the netmask, so 255.255.255.255 and every IPv4
 * address ending in .255 count as broadcast. A directed broadcast of a subnet smaller than /24
 * (e.g. 10.0.0.63 of a /26) is therefore taken for unicast, and a unicast host ending in .255 of a
 * subnet larger than /24 for broadcast. NBNS has no IPv6 transport; IPv6 destinations are unicast.
 *
 * <p>Log lines carry no payload. For them, a UDP length of {@value #WILDCARD_NBSTAT_UDP_LENGTH}
 * (IPv4 total length {@value #WILDCARD_NBSTAT_IP_LENGTH}, no IP options) to port 137 marks a
 * probable wildcard NBSTAT request: a 50-byte message with one question and no scope. It is weak: a
 * one-question name query has the same length; only a payload tells them apart.
 *
 * <p>Reference: RFC 1002 section 4.2.1.1 (the B flag), 4.2.17 (NODE STATUS REQUEST); RFC 1001
 * section 15.1.1 (B flag use). Cost: one pass over the decoded question list.
 */
public final class NbnsFingerprint {
  /** The NetBIOS Name Service port. */
  public static final int NBNS_PORT = 137;

  /** The lowest source port that counts as high (1024 and below are privileged or well known). */
  public static final int HIGH_PORT = 1025;

  /** UDP length of a 50-byte one-question request without scope. */
  public static final int WILDCARD_NBSTAT_UDP_LENGTH = 58;

  /** IPv4 total length of the same datagram (20-byte IP header, no options). */
  public static final int WILDCARD_NBSTAT_IP_LENGTH = 78;

  private NbnsFingerprint() {}

  /**
   * Features of one decoded (or malformed) message.
   *
   * @param protocol UDP or TCP, the transport that carried the message
   * @param srcPort the source port of the packet
   * @param dstHi the destination address, high word (see {@link IpAddresses})
   * @param dstLo the destination address, low word
   * @param dstPort the destination port of the packet
   */
  public static NbnsFeatures of(
      NbnsDecodeResult result,
      Protocol protocol,
      int srcPort,
      long dstHi,
      long dstLo,
      int dstPort) {
    NbnsHeader header = result.header();
    NbnsMessage message =
        result instanceof NbnsDecodeResult.Decoded
            ? ((NbnsDecodeResult.Decoded) result).message()
            : ((NbnsDecodeResult.Malformed) result).partial();
    String malformed =
        result instanceof NbnsDecodeResult.Malformed
            ? ((NbnsDecodeResult.Malformed) result).reason().phrase()
            : null;
    boolean highSourcePort = srcPort >= HIGH_PORT;
    boolean broadcastDestination = isBroadcastAddress(dstHi, dstLo);
    boolean request = header != null && !header.response();
    boolean broadcastFlag = header != null && header.broadcast();
    NbnsQuestion first = message == null ? null : message.firstQuestion();
    boolean wildcard = message != null && message.wildcardNodeStatusQuery();

    List<String> reasons = new ArrayList<>(4);
    boolean flagOnUnicast = request && broadcastFlag && !broadcastDestination;
    boolean udpToNbns = protocol == Protocol.UDP && dstPort == NBNS_PORT;
    if (flagOnUnicast) {
      reasons.add(NbnsFeatures.BROADCAST_FLAG_ON_UNICAST);
    }
    // A TCP client always uses a high port; only over UDP is it a sign.
    if (request && highSourcePort && udpToNbns) {
      reasons.add(NbnsFeatures.HIGH_SOURCE_PORT);
    }
    if (request && wildcard) {
      reasons.add(NbnsFeatures.WILDCARD_NBSTAT);
    }
    boolean forged = flagOnUnicast && highSourcePort && udpToNbns;
    if (forged) {
      reasons.add(NbnsFeatures.FORGED);
    }
    if (malformed != null) {
      reasons.add(NbnsFeatures.MALFORMED_PREFIX + malformed);
    }
    return new NbnsFeatures(
        NbnsFeatures.Source.PAYLOAD,
        header != null && header.response(),
        header == null ? -1 : header.opcode().code(),
        broadcastFlag,
        first == null ? -1 : first.type(),
        first == null ? null : first.name().toString(),
        wildcard,
        highSourcePort,
        broadcastDestination,
        forged,
        false,
        malformed,
        reasons);
  }

  /** Decodes a UDP payload and computes its features in one call. */
  public static NbnsFeatures ofUdpPayload(
      byte[] buf, int offset, int length, int srcPort, long dstHi, long dstLo, int dstPort) {
    return of(
        NbnsDecoder.decode(buf, offset, length), Protocol.UDP, srcPort, dstHi, dstLo, dstPort);
  }

  /**
   * Features of a logged packet without payload, or null when it is no UDP packet to port 137.
   * Neither the flags nor the question are known, so {@code forged} is always false here.
   *
   * @param udpLength the UDP length (header included), or -1 when the log does not give it
   * @param ipLength the IP total length, or -1 when unknown; used only without a UDP length
   */
  public static NbnsFeatures ofLengths(
      Protocol protocol,
      int srcPort,
      long dstHi,
      long dstLo,
      int dstPort,
      int udpLength,
      int ipLength) {
    if (protocol != Protocol.UDP || dstPort != NBNS_PORT) {
      return null;
    }
    boolean probable =
        udpLength >= 0
            ? udpLength == WILDCARD_NBSTAT_UDP_LENGTH
            : ipLength == WILDCARD_NBSTAT_IP_LENGTH;
    List<String> reasons = new ArrayList<>(2);
    if (srcPort >= HIGH_PORT) {
      reasons.add(NbnsFeatures.HIGH_SOURCE_PORT);
    }
    if (probable) {
      reasons.add(NbnsFeatures.PROBABLE_WILDCARD_NBSTAT);
    }
    return new NbnsFeatures(
        NbnsFeatures.Source.LENGTH_ONLY,
        false,
        -1,
        false,
        -1,
        null,
        false,
        srcPort >= HIGH_PORT,
        isBroadcastAddress(dstHi, dstLo),
        false,
        probable,
        null,
        reasons);
  }

  /**
   * Whether an address looks like a broadcast address without knowing the netmask: 255.255.255.255,
   * or an IPv4 address whose last byte is 255. IPv6 addresses never do.
   */
  public static boolean isBroadcastAddress(long hi, long lo) {
    if (!IpAddresses.isV4(hi, lo)) {
      return false;
    }
    return (IpAddresses.v4(lo) & 0xff) == 0xff;
  }
}

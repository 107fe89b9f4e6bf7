package org.stormwatch.core.decode;

/**
 * The network and transport headers of one packet, filled in place by {@link PacketDecoder} so that
 * decoding allocates nothing. Valid until the next decode into the same instance.
 */
public final class DecodedPacket {
  public static final int PROTO_ICMP = 1;
  public static final int PROTO_TCP = 6;
  public static final int PROTO_UDP = 17;
  public static final int PROTO_ICMPV6 = 58;

  public int ipVersion;
  public long srcHi;
  public long srcLo;
  public long dstHi;
  public long dstLo;

  /** IP protocol number of the transport (after IPv6 extension headers). */
  public int protocol;

  public int ttl;

  /** IPv4 total length, or IPv6 payload length + 40. */
  public int ipLength;

  public int srcPort;
  public int dstPort;
  public int tcpFlags;
  public int icmpType;
  public int icmpCode;

  /** The UDP payload (or TCP payload) within the array passed to the decoder. */
  public int payloadOffset;

  public int payloadLength;

  /** The UDP length field, or -1. */
  public int udpLength;

  void reset() {
    ipVersion = 0;
    protocol = -1;
    ttl = -1;
    ipLength = -1;
    srcPort = 0;
    dstPort = 0;
    tcpFlags = -1;
    icmpType = -1;
    icmpCode = -1;
    payloadOffset = 0;
    payloadLength = 0;
    udpLength = -1;
  }
}

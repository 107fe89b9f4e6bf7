package org.stormwatch.core.decode;

import static org.stormwatch.core.decode.DecodedPacket.PROTO_ICMP;
import static org.stormwatch.core.decode.DecodedPacket.PROTO_ICMPV6;
import static org.stormwatch.core.decode.DecodedPacket.PROTO_TCP;
import static org.stormwatch.core.decode.DecodedPacket.PROTO_UDP;

/**
 * Decodes the link, network and transport headers of one captured packet into a reused {@link
 * DecodedPacket}, reading the bytes in place. Link layers: Ethernet (802.1Q, 802.1ad and QinQ tags,
 * PPPoE sessions), Linux cooked SLL and SLL2, raw IP (101, 12, 14, 228, 229), BSD null and
 * loopback, OpenBSD pflog. Network: IPv4 with options (a non-first fragment has no ports and is
 * reported as such), IPv6 with its extension headers (hop-by-hop, routing, fragment, destination
 * options, AH, mobility, HIP, shim6; at most {@link #MAX_EXTENSION_HEADERS}). Transport: TCP, UDP,
 * ICMP, ICMPv6.
 *
 * <p>Every length is checked against the captured bytes before use; the IP total length only
 * shortens what is read, never lengthens it. A packet that ends inside a header is truncated; a
 * header that contradicts itself (a version that does not match, a header length below the minimum)
 * is corrupt. Only the outermost IP header counts: tunnels are not followed.
 */
public final class PacketDecoder {
  static final int MAX_VLAN_TAGS = 8;
  static final int MAX_EXTENSION_HEADERS = 16;

  private PacketDecoder() {}

  public static DecodeOutcome decode(
      int linkType, byte[] b, int offset, int length, DecodedPacket out) {
    out.reset();
    int end = offset + length;
    switch (linkType) {
      case LinkTypes.ETHERNET:
        return ethernet(b, offset, end, out);
      case LinkTypes.RAW:
      case LinkTypes.RAW_BSD_12:
      case LinkTypes.RAW_BSD_14:
        return rawIp(b, offset, end, out);
      case LinkTypes.IPV4:
        return ipv4(b, offset, end, out);
      case LinkTypes.IPV6:
        return ipv6(b, offset, end, out);
      case LinkTypes.NULL:
        return nullLoopback(b, offset, end, out, false);
      case LinkTypes.LOOP:
        return nullLoopback(b, offset, end, out, true);
      case LinkTypes.LINUX_SLL:
        if (end - offset < 16) {
          return DecodeOutcome.TRUNCATED_LINK_HEADER;
        }
        return byEtherType(u16(b, offset + 14), b, offset + 16, end, out);
      case LinkTypes.LINUX_SLL2:
        if (end - offset < 20) {
          return DecodeOutcome.TRUNCATED_LINK_HEADER;
        }
        return byEtherType(u16(b, offset), b, offset + 20, end, out);
      case LinkTypes.PFLOG:
        return pflog(b, offset, end, out);
      default:
        return DecodeOutcome.UNKNOWN_LINK_TYPE;
    }
  }

  private static DecodeOutcome ethernet(byte[] b, int p, int end, DecodedPacket out) {
    if (end - p < 14) {
      return DecodeOutcome.TRUNCATED_LINK_HEADER;
    }
    int type = u16(b, p + 12);
    int at = p + 14;
    int tags = 0;
    while (type == 0x8100 || type == 0x88a8 || type == 0x9100) {
      if (++tags > MAX_VLAN_TAGS) {
        return DecodeOutcome.CORRUPT_LINK_HEADER;
      }
      if (end - at < 4) {
        return DecodeOutcome.TRUNCATED_LINK_HEADER;
      }
      type = u16(b, at + 2);
      at += 4;
    }
    if (type == 0x8864) {
      // PPPoE session: 6-byte header, then the 2-byte PPP protocol.
      if (end - at < 8) {
        return DecodeOutcome.TRUNCATED_LINK_HEADER;
      }
      int ppp = u16(b, at + 6);
      at += 8;
      if (ppp == 0x0021) {
        return ipv4(b, at, end, out);
      }
      return ppp == 0x0057 ? ipv6(b, at, end, out) : DecodeOutcome.NOT_IP;
    }
    return byEtherType(type, b, at, end, out);
  }

  private static DecodeOutcome byEtherType(int type, byte[] b, int at, int end, DecodedPacket out) {
    if (type == 0x0800) {
      return ipv4(b, at, end, out);
    }
    if (type == 0x86dd) {
      return ipv6(b, at, end, out);
    }
    return DecodeOutcome.NOT_IP;
  }

  private static DecodeOutcome rawIp(byte[] b, int p, int end, DecodedPacket out) {
    if (end - p < 1) {
      return DecodeOutcome.TRUNCATED_IP_HEADER;
    }
    int version = (b[p] & 0xff) >>> 4;
    if (version == 4) {
      return ipv4(b, p, end, out);
    }
    return version == 6 ? ipv6(b, p, end, out) : DecodeOutcome.CORRUPT_IP_HEADER;
  }

  private static DecodeOutcome nullLoopback(
      byte[] b, int p, int end, DecodedPacket out, boolean bigEndian) {
    if (end - p < 4) {
      return DecodeOutcome.TRUNCATED_LINK_HEADER;
    }
    long family = u32(b, p);
    if (!bigEndian && family > 0xffff) {
      // DLT_NULL stores the family in the capturing host's byte order.
      family = Integer.reverseBytes((int) family) & 0xffff_ffffL;
    }
    return byAddressFamily(family, b, p + 4, end, out);
  }

  private static DecodeOutcome byAddressFamily(
      long family, byte[] b, int at, int end, DecodedPacket out) {
    if (family == 2) {
      return ipv4(b, at, end, out);
    }
    // AF_INET6 is 24 on NetBSD/OpenBSD, 28 on FreeBSD, 30 on macOS, 10 on Linux.
    if (family == 24 || family == 28 || family == 30 || family == 10) {
      return ipv6(b, at, end, out);
    }
    return DecodeOutcome.NOT_IP;
  }

  private static DecodeOutcome pflog(byte[] b, int p, int end, DecodedPacket out) {
    if (end - p < 2) {
      return DecodeOutcome.TRUNCATED_LINK_HEADER;
    }
    int headerLength = b[p] & 0xff;
    if (headerLength < 4) {
      return DecodeOutcome.CORRUPT_LINK_HEADER;
    }
    int padded = (headerLength + 3) & ~3;
    if (end - p < padded) {
      return DecodeOutcome.TRUNCATED_LINK_HEADER;
    }
    return byAddressFamily(b[p + 1] & 0xff, b, p + padded, end, out);
  }

  private static DecodeOutcome ipv4(byte[] b, int p, int end, DecodedPacket out) {
    if (end - p < 20) {
      return DecodeOutcome.TRUNCATED_IP_HEADER;
    }
    int versionAndLength = b[p] & 0xff;
    if (versionAndLength >>> 4 != 4) {
      return DecodeOutcome.CORRUPT_IP_HEADER;
    }
    int headerLength = (versionAndLength & 0x0f) * 4;
    if (headerLength < 20) {
      return DecodeOutcome.CORRUPT_IP_HEADER;
    }
    if (end - p < headerLength) {
      return DecodeOutcome.TRUNCATED_IP_HEADER;
    }
    int total = u16(b, p + 2);
    if (total == 0) {
      // Captured on the sending host with TCP segmentation offload: the length is not filled in.
      total = end - p;
    } else if (total < headerLength) {
      return DecodeOutcome.CORRUPT_IP_HEADER;
    }
    out.ipVersion = 4;
    out.ipLength = total;
    out.ttl = b[p + 8] & 0xff;
    out.protocol = b[p + 9] & 0xff;
    out.srcHi = 0;
    out.srcLo = 0x0000_ffff_0000_0000L | u32(b, p + 12);
    out.dstHi = 0;
    out.dstLo = 0x0000_ffff_0000_0000L | u32(b, p + 16);
    if ((u16(b, p + 6) & 0x1fff) != 0) {
      return DecodeOutcome.NON_FIRST_FRAGMENT;
    }
    return transport(out.protocol, b, p + headerLength, Math.min(end, p + total), out, false);
  }

  private static DecodeOutcome ipv6(byte[] b, int p, int end, DecodedPacket out) {
    if (end - p < 40) {
      return DecodeOutcome.TRUNCATED_IP_HEADER;
    }
    if ((b[p] & 0xff) >>> 4 != 6) {
      return DecodeOutcome.CORRUPT_IP_HEADER;
    }
    int payloadLength = u16(b, p + 4);
    out.ipVersion = 6;
    out.ipLength = payloadLength + 40;
    out.ttl = b[p + 7] & 0xff;
    out.srcHi = u64(b, p + 8);
    out.srcLo = u64(b, p + 16);
    out.dstHi = u64(b, p + 24);
    out.dstLo = u64(b, p + 32);
    int at = p + 40;
    // A payload length of 0 means a jumbogram (RFC 2675): the captured bytes bound it instead.
    int limit = payloadLength == 0 ? end : Math.min(end, at + payloadLength);
    int next = b[p + 6] & 0xff;
    for (int i = 0; i < MAX_EXTENSION_HEADERS; i++) {
      switch (next) {
        case 0: // hop-by-hop options
        case 43: // routing
        case 60: // destination options
        case 135: // mobility
        case 139: // HIP
        case 140: // shim6
          if (limit - at < 2) {
            return DecodeOutcome.TRUNCATED_IP_HEADER;
          }
          next = b[at] & 0xff;
          at += ((b[at + 1] & 0xff) + 1) * 8;
          break;
        case 44: // fragment
          if (limit - at < 8) {
            return DecodeOutcome.TRUNCATED_IP_HEADER;
          }
          out.protocol = b[at] & 0xff;
          if ((u16(b, at + 2) >>> 3) != 0) {
            return DecodeOutcome.NON_FIRST_FRAGMENT;
          }
          next = b[at] & 0xff;
          at += 8;
          break;
        case 51: // authentication header
          if (limit - at < 2) {
            return DecodeOutcome.TRUNCATED_IP_HEADER;
          }
          next = b[at] & 0xff;
          at += ((b[at + 1] & 0xff) + 2) * 4;
          break;
        default:
          out.protocol = next;
          if (at > limit) {
            return DecodeOutcome.TRUNCATED_IP_HEADER;
          }
          return transport(next, b, at, limit, out, true);
      }
    }
    return DecodeOutcome.CORRUPT_IP_HEADER;
  }

  private static DecodeOutcome transport(
      int protocol, byte[] b, int at, int end, DecodedPacket out, boolean v6) {
    int available = end - at;
    switch (protocol) {
      case PROTO_TCP:
        if (available < 14) {
          return DecodeOutcome.TRUNCATED_TRANSPORT_HEADER;
        }
        out.srcPort = u16(b, at);
        out.dstPort = u16(b, at + 2);
        out.tcpFlags = b[at + 13] & 0xff;
        int dataOffset = ((b[at + 12] & 0xff) >>> 4) * 4;
        out.payloadOffset = Math.min(end, at + Math.max(20, dataOffset));
        out.payloadLength = end - out.payloadOffset;
        return DecodeOutcome.TCP;
      case PROTO_UDP:
        if (available < 8) {
          return DecodeOutcome.TRUNCATED_TRANSPORT_HEADER;
        }
        out.srcPort = u16(b, at);
        out.dstPort = u16(b, at + 2);
        out.udpLength = u16(b, at + 4);
        out.payloadOffset = at + 8;
        int udpEnd = out.udpLength >= 8 ? Math.min(end, at + out.udpLength) : end;
        out.payloadLength = udpEnd - out.payloadOffset;
        return DecodeOutcome.UDP;
      case PROTO_ICMP:
      case PROTO_ICMPV6:
        if ((protocol == PROTO_ICMPV6) != v6) {
          return DecodeOutcome.OTHER_PROTOCOL;
        }
        if (available < 2) {
          return DecodeOutcome.TRUNCATED_TRANSPORT_HEADER;
        }
        out.icmpType = b[at] & 0xff;
        out.icmpCode = b[at + 1] & 0xff;
        out.payloadOffset = at;
        out.payloadLength = available;
        return DecodeOutcome.ICMP;
      default:
        return DecodeOutcome.OTHER_PROTOCOL;
    }
  }

  static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  static long u32(byte[] b, int at) {
    return ((b[at] & 0xffL) << 24)
        | ((b[at + 1] & 0xffL) << 16)
        | ((b[at + 2] & 0xffL) << 8)
        | (b[at + 3] & 0xffL);
  }

  static long u64(byte[] b, int at) {
    return (u32(b, at) << 32) | u32(b, at + 4);
  }
}

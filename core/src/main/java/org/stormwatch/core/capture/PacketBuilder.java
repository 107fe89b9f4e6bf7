package org.stormwatch.core.capture;

import java.nio.ByteBuffer;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * Builds Ethernet frames that carry a probe (or any five-tuple): IPv4 or IPv6 after the probe's
 * addresses, then TCP (with the probe's flags, SYN when unknown), UDP (with a payload) or an ICMP
 * echo request. The IPv4 header checksum is filled in; transport checksums are left zero.
 */
public final class PacketBuilder {
  private static final byte[] DST_MAC = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
  private static final byte[] SRC_MAC = {0x00, 0x66, 0x77, (byte) 0x88, (byte) 0x99, (byte) 0xaa};

  private PacketBuilder() {}

  /** The frame of a probe, with no payload. */
  public static byte[] ethernet(Probe p) {
    return ethernet(p, new byte[0]);
  }

  /** The frame of a probe, with the given transport payload (UDP or TCP). */
  public static byte[] ethernet(Probe p, byte[] payload) {
    int flags = p.tcpFlags() == Probe.UNKNOWN ? 0x02 : p.tcpFlags();
    int ttl = p.ttl() == Probe.UNKNOWN ? 64 : p.ttl();
    return ethernet(
        p.srcHi(),
        p.srcLo(),
        p.srcPort(),
        p.dstHi(),
        p.dstLo(),
        p.dstPort(),
        p.protocol(),
        flags,
        ttl,
        payload);
  }

  /**
   * A frame with an arbitrary five-tuple. For ICMP, {@code dstPort} is the ICMP type and {@code
   * srcPort} the code (type 8 becomes 128 over IPv6).
   */
  public static byte[] ethernet(
      long srcHi,
      long srcLo,
      int srcPort,
      long dstHi,
      long dstLo,
      int dstPort,
      Protocol protocol,
      int tcpFlags,
      int ttl,
      byte[] payload) {
    boolean v4 = IpAddresses.isV4(srcHi, srcLo) && IpAddresses.isV4(dstHi, dstLo);
    int transportLength;
    switch (protocol) {
      case TCP:
        transportLength = 20 + payload.length;
        break;
      case UDP:
        transportLength = 8 + payload.length;
        break;
      default:
        transportLength = 8 + payload.length;
        break;
    }
    int ipHeader = v4 ? 20 : 40;
    ByteBuffer b = ByteBuffer.allocate(14 + ipHeader + transportLength);
    b.put(DST_MAC).put(SRC_MAC).putShort((short) (v4 ? 0x0800 : 0x86dd));
    int ipStart = b.position();
    int protocolNumber = protocol == Protocol.TCP ? 6 : protocol == Protocol.UDP ? 17 : v4 ? 1 : 58;
    if (v4) {
      b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + transportLength));
      b.putShort((short) 0x1234)
          .putShort((short) 0x4000)
          .put((byte) ttl)
          .put((byte) protocolNumber)
          .putShort((short) 0);
      b.putInt((int) IpAddresses.v4(srcLo)).putInt((int) IpAddresses.v4(dstLo));
      b.putShort(ipStart + 10, (short) ipv4Checksum(b.array(), ipStart));
    } else {
      b.putInt(0x6000_0000)
          .putShort((short) transportLength)
          .put((byte) protocolNumber)
          .put((byte) ttl);
      b.putLong(srcHi).putLong(srcLo).putLong(dstHi).putLong(dstLo);
    }
    switch (protocol) {
      case TCP:
        b.putShort((short) srcPort).putShort((short) dstPort).putInt(0x01020304).putInt(0);
        b.put((byte) 0x50)
            .put((byte) tcpFlags)
            .putShort((short) 1024)
            .putShort((short) 0)
            .putShort((short) 0);
        break;
      case UDP:
        b.putShort((short) srcPort)
            .putShort((short) dstPort)
            .putShort((short) (8 + payload.length))
            .putShort((short) 0);
        break;
      default:
        int type = !v4 && dstPort == 8 ? 128 : dstPort;
        b.put((byte) type)
            .put((byte) srcPort)
            .putShort((short) 0)
            .putShort((short) 0x4242)
            .putShort((short) 1);
        break;
    }
    b.put(payload);
    return b.array();
  }

  private static int ipv4Checksum(byte[] b, int start) {
    int sum = 0;
    for (int i = 0; i < 20; i += 2) {
      sum += ((b[start + i] & 0xff) << 8) | (b[start + i + 1] & 0xff);
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return ~sum & 0xffff;
  }
}

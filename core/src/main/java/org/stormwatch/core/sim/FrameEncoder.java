package org.stormwatch.core.sim;

import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * Encodes a simulated IPv4 probe as an Ethernet frame into one reused buffer: IPv4 (with its header
 * checksum), then a TCP SYN whose header carries options up to the probe's IP length (MSS first,
 * then NOPs) and the probe's window, or a UDP datagram with the payload. Why not {@link
 * org.stormwatch.core.capture.PacketBuilder}: it writes a fixed 20-byte TCP header and window, so a
 * worm's 48-byte SYN and its window could not be told from the background, and it allocates a frame
 * per packet, which at tens of millions of probes is the writer's main cost. Transport checksums
 * are left zero, as PacketBuilder does.
 */
final class FrameEncoder {
  private static final byte[] ETHERNET = {
    0x00,
    0x11,
    0x22,
    0x33,
    0x44,
    0x55,
    0x00,
    0x66,
    0x77,
    (byte) 0x88,
    (byte) 0x99,
    (byte) 0xaa,
    0x08,
    0x00
  };

  private final byte[] frame = new byte[14 + 60 + 8 + 65_535];
  private int id;

  byte[] buffer() {
    return frame;
  }

  /** Encodes the probe; the frame is {@code buffer()[0, returned length)}. */
  int encode(SimulatedProbe sp) {
    Probe p = sp.probe();
    byte[] payload = sp.payload();
    boolean tcp = p.protocol() == Protocol.TCP;
    int ipLength = tcp ? p.ipLength() : 28 + payload.length;
    if (tcp && (ipLength < 40 || ipLength > 60 || ipLength % 4 != 0 || payload.length != 0)) {
      throw new IllegalArgumentException("cannot encode a SYN of IP length " + ipLength);
    }
    System.arraycopy(ETHERNET, 0, frame, 0, 14);
    int ip = 14;
    frame[ip] = 0x45;
    frame[ip + 1] = 0;
    short16(ip + 2, ipLength);
    short16(ip + 4, id);
    id = (id + 1) & 0xffff;
    frame[ip + 6] = 0x40; // don't fragment
    frame[ip + 7] = 0;
    frame[ip + 8] = (byte) p.ttl();
    frame[ip + 9] = (byte) (tcp ? 6 : 17);
    short16(ip + 10, 0);
    int32(ip + 12, (int) IpAddresses.v4(p.srcLo()));
    int32(ip + 16, (int) IpAddresses.v4(p.dstLo()));
    short16(ip + 10, checksum(ip));
    int t = ip + 20;
    short16(t, p.srcPort());
    short16(t + 2, p.dstPort());
    if (tcp) {
      int header = ipLength - 20;
      int32(t + 4, (int) SourceStacks.mix(p.timeNanos() ^ p.srcLo())); // sequence number
      int32(t + 8, 0);
      frame[t + 12] = (byte) ((header / 4) << 4);
      frame[t + 13] = (byte) p.tcpFlags();
      short16(t + 14, sp.tcpWindow());
      int32(t + 16, 0); // checksum, urgent pointer
      int o = t + 20;
      if (header > 20) {
        frame[o] = 2; // MSS
        frame[o + 1] = 4;
        short16(o + 2, 1460);
        for (int i = o + 4; i < t + header; i++) {
          frame[i] = 1; // NOP
        }
      }
      return 14 + ipLength;
    }
    short16(t + 4, 8 + payload.length);
    short16(t + 6, 0);
    System.arraycopy(payload, 0, frame, t + 8, payload.length);
    return 14 + ipLength;
  }

  private int checksum(int start) {
    int sum = 0;
    for (int i = 0; i < 20; i += 2) {
      sum += ((frame[start + i] & 0xff) << 8) | (frame[start + i + 1] & 0xff);
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return ~sum & 0xffff;
  }

  private void short16(int at, int v) {
    frame[at] = (byte) (v >>> 8);
    frame[at + 1] = (byte) v;
  }

  private void int32(int at, int v) {
    frame[at] = (byte) (v >>> 24);
    frame[at + 1] = (byte) (v >>> 16);
    frame[at + 2] = (byte) (v >>> 8);
    frame[at + 3] = (byte) v;
  }
}

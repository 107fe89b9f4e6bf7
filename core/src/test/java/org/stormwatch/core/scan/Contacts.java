package org.stormwatch.core.scan;

import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.probe.ContactListener;

/** Writes probe and reply sequences for the scan tests, in input order. */
final class Contacts {
  static final long MS = 1_000_000L;
  static final long S = 1_000_000_000L;
  static final int SYN = 0x02;
  static final int SYN_ACK = 0x12;
  static final int RST_ACK = 0x14;
  static final int FIN = 0x01;

  private final ContactListener to;

  Contacts(ContactListener to) {
    this.to = to;
  }

  static Address addr(String text) {
    return Address.parse(text);
  }

  /** 10.(i >> 8 & 255).(i & 255).1-ish addresses, distinct for distinct i. */
  static Address host(int network, int i) {
    return new Address(
        0, IpAddresses.v4Lo((network << 24) | ((i >>> 16) & 0xff) << 16 | (i & 0xffff)));
  }

  static Probe probe(
      long time, Address src, int sport, Address dst, int dport, Protocol proto, int flags) {
    return new Probe(
        time, src.hi(), src.lo(), sport, dst.hi(), dst.lo(), dport, proto, flags, 60, 64, "", null);
  }

  void syn(long time, Address src, Address dst, int dport) {
    to.probe(probe(time, src, 40_000, dst, dport, Protocol.TCP, SYN));
  }

  void udp(long time, Address src, Address dst, int dport) {
    to.probe(probe(time, src, 40_000, dst, dport, Protocol.UDP, -1));
  }

  /** A TCP answer from dst:dport back to src. */
  void tcpReply(long time, Address src, Address dst, int dport, int flags) {
    to.reply(time, dst.hi(), dst.lo(), dport, src.hi(), src.lo(), 40_000, Protocol.TCP, flags);
  }

  void udpReply(long time, Address src, Address dst, int dport) {
    to.reply(time, dst.hi(), dst.lo(), dport, src.hi(), src.lo(), 40_000, Protocol.UDP, -1);
  }
}

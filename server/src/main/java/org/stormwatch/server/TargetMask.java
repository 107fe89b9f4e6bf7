package org.stormwatch.server;

import java.util.ArrayList;
import java.util.List;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;

/**
 * Address privacy, as DShield's sensor offers it ("anonymizeip" with a mask): a target address
 * inside one of the configured networks keeps its network bits and loses its host bits before it is
 * stored, so the store never learns which host of a sensor's network was probed. Distinct target
 * counts then count networks, not hosts, for those addresses: the price of the privacy. IPv4
 * networks are matched in their IPv4-mapped IPv6 form, as {@link IpAddresses} stores them.
 */
final class TargetMask {
  private final List<long[]> nets; // {hi, lo, maskHi, maskLo}

  private TargetMask(List<long[]> nets) {
    this.nets = List.copyOf(nets);
  }

  static TargetMask none() {
    return new TargetMask(List.of());
  }

  /**
   * @param cidrs networks such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}
   * @throws IllegalArgumentException naming the bad network
   */
  static TargetMask of(List<String> cidrs) {
    List<long[]> nets = new ArrayList<>();
    for (String cidr : cidrs) {
      String text = cidr.strip();
      int slash = text.indexOf('/');
      if (slash < 0) {
        throw new IllegalArgumentException("not a network (want ADDRESS/BITS): '" + cidr + "'");
      }
      long[] addr = IpAddresses.parse(text.substring(0, slash));
      int bits;
      try {
        bits = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length in '" + cidr + "'", e);
      }
      boolean v4 = IpAddresses.isV4(addr[0], addr[1]);
      int max = v4 ? 32 : 128;
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException("prefix length out of 0.." + max + " in '" + cidr + "'");
      }
      int prefix = v4 ? 96 + bits : bits;
      long maskHi = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
      long maskLo = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
      nets.add(new long[] {addr[0] & maskHi, addr[1] & maskLo, maskHi, maskLo});
    }
    return new TargetMask(nets);
  }

  boolean isEmpty() {
    return nets.isEmpty();
  }

  /** The probe with its target's host bits cleared when the target lies in a configured network. */
  Probe apply(Probe p) {
    for (long[] n : nets) {
      if ((p.dstHi() & n[2]) == n[0] && (p.dstLo() & n[3]) == n[1]) {
        return new Probe(
            p.timeNanos(),
            p.srcHi(),
            p.srcLo(),
            p.srcPort(),
            n[0],
            n[1],
            p.dstPort(),
            p.protocol(),
            p.tcpFlags(),
            p.ipLength(),
            p.ttl(),
            p.sensor(),
            p.features());
      }
    }
    return p;
  }
}

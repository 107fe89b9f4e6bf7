package org.stormwatch.core.scan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.stormwatch.core.model.IpAddresses;

/**
 * Datagrams sent to a broadcast or multicast address, remembered for the answer timeout so that the
 * unicast answers to them (an NBNS or SSDP response from each host that heard the query) are not
 * taken for the answering hosts' first contacts. The reply tracker of the probe classifier matches
 * exact reverse pairs only, so such answers arrive here as probes.
 *
 * <p>A group address is IPv4 multicast (224.0.0.0/4), an IPv4 address ending in .255 (limited or
 * directed broadcast, guessed without the netmask: a host numbered .255 in a wider subnet is taken
 * for a broadcast address and left out of the test), or IPv6 multicast (ff00::/8). Bounded: at most
 * {@link #CAP} queries, the oldest dropped first.
 */
final class GroupQueries {
  static final int CAP = 4096;

  private record Query(Address sender, int senderPort, int groupPort) {}

  private final LinkedHashMap<Query, Long> sent =
      new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Query, Long> eldest) {
          return size() > CAP;
        }
      };

  private final long timeout;

  GroupQueries(long timeoutNanos) {
    this.timeout = timeoutNanos;
  }

  static boolean isGroup(Address a) {
    if (IpAddresses.isV4(a.hi(), a.lo())) {
      long v4 = IpAddresses.v4(a.lo());
      return (v4 >>> 28) == 0xe || (v4 & 0xff) == 0xff;
    }
    return (a.hi() >>> 56) == 0xff;
  }

  void sent(Address sender, int senderPort, int groupPort, long time) {
    Query q = new Query(sender, senderPort, groupPort);
    sent.remove(q);
    sent.put(q, time);
  }

  /** Whether a datagram from {@code srcPort} to {@code dst:dstPort} answers a group query. */
  boolean isAnswer(int srcPort, Address dst, int dstPort, long time) {
    Long at = sent.get(new Query(dst, dstPort, srcPort));
    return at != null && time - at <= timeout && time >= at;
  }
}

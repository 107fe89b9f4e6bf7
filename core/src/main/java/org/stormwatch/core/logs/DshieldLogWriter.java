package org.stormwatch.core.logs;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * Writes probes as legacy DShield submission lines ({@code YYYY-MM-DD HH:MM:SS +00:00, userid,
 * count 1, src, sport, dst, dport, protocol number, flags}, tab-separated), with ICMP's type in the
 * source-port column and its code in the destination-port column, as DShield has it. Times are
 * written in UTC, to the second (the format has no fraction). Not thread-safe.
 */
public final class DshieldLogWriter {
  private final Appendable out;
  private final String userId;
  private final StringBuilder sb = new StringBuilder(128);

  public DshieldLogWriter(Appendable out, String userId) {
    this.out = out;
    this.userId = userId;
  }

  /** Writes one line (with its newline). */
  public void write(Probe p) throws IOException {
    sb.setLength(0);
    long secs = Math.floorDiv(p.timeNanos(), 1_000_000_000L);
    LocalDateTime t = LocalDateTime.ofEpochSecond(secs, 0, ZoneOffset.UTC);
    sb.append(t.getYear()).append('-');
    two(t.getMonthValue()).append('-');
    two(t.getDayOfMonth()).append(' ');
    two(t.getHour()).append(':');
    two(t.getMinute()).append(':');
    two(t.getSecond()).append(" +00:00");
    sb.append('\t')
        .append(userId)
        .append("\t1\t")
        .append(IpAddresses.format(p.srcHi(), p.srcLo()))
        .append('\t');
    boolean icmp = p.protocol() == Protocol.ICMP;
    boolean v6 = !IpAddresses.isV4(p.srcHi(), p.srcLo());
    int icmpType = v6 ? 128 : 8;
    sb.append(icmp ? icmpType : p.srcPort())
        .append('\t')
        .append(IpAddresses.format(p.dstHi(), p.dstLo()))
        .append('\t')
        .append(icmp ? p.srcPort() : p.dstPort())
        .append('\t');
    switch (p.protocol()) {
      case TCP:
        sb.append(6);
        break;
      case UDP:
        sb.append(17);
        break;
      default:
        sb.append(v6 ? 58 : 1);
        break;
    }
    sb.append('\t');
    if (p.protocol() == Protocol.TCP) {
      sb.append(ProbeRules.letters(p.tcpFlags() >= 0 ? p.tcpFlags() : ProbeRules.SYN));
    }
    sb.append('\n');
    out.append(sb);
  }

  private StringBuilder two(int v) {
    if (v < 10) {
      sb.append('0');
    }
    return sb.append(v);
  }
}

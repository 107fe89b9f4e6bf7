package org.stormwatch.core.logs;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * Writes probes as netfilter LOG lines, the way the kernel and syslog would have written the same
 * packets: for tests (the same probes as log lines and as DShield lines must read back equal) and
 * for benchmark inputs. IPv6 probes get ip6tables' fields (full-form addresses, {@code HOPLIMIT},
 * ICMPv6 type 128); UDP lines carry {@code LEN} twice; a probe without TCP flags is written as a
 * SYN; an unknown IP length or TTL is written as a typical value (40/44 and 64). Not thread-safe.
 */
public final class NetfilterLogWriter {
  /** The stamp in front of each line. */
  public enum Stamp {
    /** {@code Mar 11 20:35:11}: no year, no zone (local time in the writer's zone). */
    CLASSIC,
    /** {@code 2015-03-07T05:09:30.045015+00:00}, microseconds, always UTC. */
    RFC3339
  }

  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private final Appendable out;
  private final Stamp stamp;
  private final ZoneId zone;
  private final String host;
  private final String prefix;
  private final StringBuilder sb = new StringBuilder(320);
  private int id = 1;

  /**
   * @param zone the zone of {@link Stamp#CLASSIC} stamps
   * @param prefix the {@code --log-prefix} text, e.g. {@code DROP} (may be empty)
   */
  public NetfilterLogWriter(Appendable out, Stamp stamp, ZoneId zone, String host, String prefix) {
    this.out = out;
    this.stamp = stamp;
    this.zone = zone;
    this.host = host;
    this.prefix = prefix;
  }

  /** Writes one line (with its newline). */
  public void write(Probe p) throws IOException {
    sb.setLength(0);
    long secs = Math.floorDiv(p.timeNanos(), 1_000_000_000L);
    int nanos = (int) Math.floorMod(p.timeNanos(), 1_000_000_000L);
    if (stamp == Stamp.CLASSIC) {
      LocalDateTime t = LocalDateTime.ofInstant(java.time.Instant.ofEpochSecond(secs, nanos), zone);
      sb.append(MONTHS[t.getMonthValue() - 1]).append(' ');
      if (t.getDayOfMonth() < 10) {
        sb.append(' ');
      }
      sb.append(t.getDayOfMonth()).append(' ');
      two(t.getHour()).append(':');
      two(t.getMinute()).append(':');
      two(t.getSecond());
    } else {
      LocalDateTime t = LocalDateTime.ofEpochSecond(secs, nanos, ZoneOffset.UTC);
      sb.append(t.getYear()).append('-');
      two(t.getMonthValue()).append('-');
      two(t.getDayOfMonth()).append('T');
      two(t.getHour()).append(':');
      two(t.getMinute()).append(':');
      two(t.getSecond()).append('.');
      String micros = Integer.toString(1_000_000 + nanos / 1000);
      sb.append(micros, 1, 7).append("+00:00");
    }
    sb.append(' ')
        .append(host)
        .append(" kernel: [")
        .append(Math.floorMod(secs, 10_000_000L))
        .append(".000000] ");
    if (!prefix.isEmpty()) {
      sb.append(prefix).append(' ');
    }
    boolean v6 = !IpAddresses.isV4(p.srcHi(), p.srcLo());
    sb.append("IN=eth0 OUT= MAC=00:16:3e:12:34:56:00:16:3e:65:43:21:")
        .append(v6 ? "86:dd" : "08:00");
    sb.append(" SRC=");
    address(p.srcHi(), p.srcLo(), v6);
    sb.append(" DST=");
    address(p.dstHi(), p.dstLo(), v6);
    int ttl = p.ttl() >= 0 ? p.ttl() : 64;
    int len;
    if (p.ipLength() >= 0) {
      len = p.ipLength();
    } else if (p.protocol() == Protocol.UDP) {
      len = (v6 ? 40 : 20) + 8;
    } else {
      len = v6 ? 80 : 44;
    }
    sb.append(" LEN=").append(len);
    if (v6) {
      sb.append(" TC=0 HOPLIMIT=").append(ttl).append(" FLOWLBL=0");
    } else {
      sb.append(" TOS=0x00 PREC=0x00 TTL=").append(ttl).append(" ID=").append(id);
    }
    id = (id + 7919) & 0xffff;
    switch (p.protocol()) {
      case TCP:
        sb.append(" PROTO=TCP SPT=")
            .append(p.srcPort())
            .append(" DPT=")
            .append(p.dstPort())
            .append(" WINDOW=1024 RES=0x00");
        int flags = p.tcpFlags() >= 0 ? p.tcpFlags() : ProbeRules.SYN;
        flagWords(flags);
        sb.append(" URGP=0");
        break;
      case UDP:
        sb.append(" PROTO=UDP SPT=")
            .append(p.srcPort())
            .append(" DPT=")
            .append(p.dstPort())
            .append(" LEN=")
            .append(Math.max(8, len - (v6 ? 40 : 20)));
        break;
      default:
        sb.append(v6 ? " PROTO=ICMPv6 TYPE=128" : " PROTO=ICMP TYPE=8")
            .append(" CODE=")
            .append(p.srcPort())
            .append(" ID=")
            .append(id)
            .append(" SEQ=1");
        break;
    }
    sb.append(' ').append('\n');
    out.append(sb);
  }

  private void flagWords(int flags) {
    String[] words = {"CWR", "ECE", "URG", "ACK", "PSH", "RST", "SYN", "FIN"};
    int[] bits = {
      ProbeRules.CWR,
      ProbeRules.ECE,
      ProbeRules.URG,
      ProbeRules.ACK,
      ProbeRules.PSH,
      ProbeRules.RST,
      ProbeRules.SYN,
      ProbeRules.FIN
    };
    for (int i = 0; i < words.length; i++) {
      if ((flags & bits[i]) != 0) {
        sb.append(' ').append(words[i]);
      }
    }
  }

  private void address(long hi, long lo, boolean v6) {
    if (!v6) {
      sb.append(IpAddresses.format(hi, lo));
      return;
    }
    for (int g = 0; g < 8; g++) {
      long word = g < 4 ? hi : lo;
      int v = (int) ((word >>> (48 - 16 * (g % 4))) & 0xffff);
      if (g > 0) {
        sb.append(':');
      }
      String h = Integer.toHexString(v);
      for (int k = h.length(); k < 4; k++) {
        sb.append('0');
      }
      sb.append(h);
    }
  }

  private StringBuilder two(int v) {
    if (v < 10) {
      sb.append('0');
    }
    return sb.append(v);
  }
}

package org.stormwatch.core.logs;

import java.util.List;
import org.stormwatch.core.logs.Outcome.Skip;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * The DShield line parser as it was before it read bytes (commit 839b7b0), kept as the oracle of
 * {@link DshieldDifferentialTest}: the byte parser must answer every line exactly as this one does.
 *
 * <p>Original description: the legacy DShield submission line, tab-separated: {@code time, userid,
 * count, src_ip, src_port, dst_ip, dst_port, proto, tcp_flags} with the time as {@code YYYY-MM-DD
 * HH:MM:SS ±HH:MM}. ICMP lines carry the type in {@code src_port} and the code in {@code dst_port},
 * the reverse of {@link Probe}, so they are swapped on reading. A line with count N stands for N
 * records: it yields N probes and counts as N records read. Flags and the probe rule: {@link
 * ProbeRules}.
 */
final class DshieldReferenceParser implements LineParser {
  static final int MAX_COUNT = DshieldLineParser.MAX_COUNT;

  private final Stamps stamps;

  DshieldReferenceParser(LogOptions options) {
    this.stamps = new Stamps(options);
  }

  @Override
  public Outcome parse(ByteLine line) {
    String text = line.text();
    if (text.startsWith("#")) {
      return Outcome.HEADER;
    }
    List<String> f = Fields.split(text, '\t', 10);
    if (f.size() < 8 || f.size() > 9) {
      return Outcome.malformed("wrong number of fields", f.size() + " fields: " + text);
    }
    String stamp = f.get(0).trim();
    if (!stamps.parse(stamp, 0, stamp.length()) || stamps.end() != stamp.length()) {
      return Outcome.malformed("bad time stamp", stamp);
    }
    int count = Fields.number(f.get(2), MAX_COUNT);
    if (count < 1) {
      return Outcome.malformed("bad count", f.get(2));
    }
    long[] src = Fields.address(f.get(3));
    long[] dst = Fields.address(f.get(5));
    if (src == null || dst == null) {
      return Outcome.malformed("bad address", src == null ? f.get(3) : f.get(5));
    }
    int sport = Fields.number(f.get(4), 0xffff);
    int dport = Fields.number(f.get(6), 0xffff);
    if (sport < 0 || dport < 0) {
      return Outcome.malformed("bad or missing port", f.get(4) + " " + f.get(6));
    }
    Protocol protocol;
    try {
      protocol = Protocol.parse(f.get(7));
    } catch (IllegalArgumentException e) {
      return ProbeRules.OTHER_PROTOCOL;
    }
    int flags = -1;
    if (protocol == Protocol.TCP) {
      flags = f.size() == 9 ? ProbeRules.parseFlags(f.get(8)) : -1;
      if (flags == ProbeRules.INVALID) {
        return Outcome.malformed("bad tcp flags", f.get(8));
      }
      Skip no = ProbeRules.tcp(flags);
      if (no != null) {
        return no;
      }
    }
    long time = stamps.nanos();
    Probe probe;
    if (protocol == Protocol.ICMP) {
      if (sport > 255 || dport > 255) {
        return Outcome.malformed("bad icmp type", f.get(4));
      }
      if (!ProbeRules.isEchoRequest(sport, !IpAddresses.isV4(src[0], src[1]))) {
        return ProbeRules.ICMP_NOT_ECHO;
      }
      probe =
          new Probe(time, src[0], src[1], dport, dst[0], dst[1], 8, protocol, -1, -1, -1, "", null);
    } else {
      probe =
          new Probe(
              time, src[0], src[1], sport, dst[0], dst[1], dport, protocol, flags, -1, -1, "",
              null);
    }
    return new Outcome.Emit(probe, count);
  }
}

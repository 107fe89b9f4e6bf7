package org.stormwatch.core.logs;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.stormwatch.core.logs.Outcome.Skip;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * The legacy DShield submission line, tab-separated: {@code time, userid, count, src_ip, src_port,
 * dst_ip, dst_port, proto, tcp_flags} with the time as {@code YYYY-MM-DD HH:MM:SS ±HH:MM}. ICMP
 * lines carry the type in {@code src_port} and the code in {@code dst_port}, the reverse of {@link
 * Probe}, so they are swapped on reading. A line with count N stands for N records: it yields N
 * probes and counts as N records read. Flags and the probe rule: {@link ProbeRules}.
 *
 * <p>Read on the line's bytes: the tabs are found eight bytes at a time and the fields are read in
 * place (trimmed of bytes up to the space, as {@link String#trim} trims); only the protocol and the
 * TCP flags become (short) Strings, and a message's detail. Answers every line as the String parser
 * it replaced does ({@code DshieldReferenceParser} in the tests).
 */
final class DshieldLineParser implements LineParser {
  /** A count above this is taken for a corrupt line rather than multiplied out. */
  static final int MAX_COUNT = 10_000;

  private static final int MAX_FIELDS = 10;
  private static final byte TAB = 0x09;
  private static final long TABS = Bytes.lanes(TAB);

  private final Stamps stamps;

  /** The start of each field and the index just past it, as split (untrimmed). */
  private final int[] starts = new int[MAX_FIELDS];

  private final int[] ends = new int[MAX_FIELDS];
  private long addrHi;
  private long addrLo;

  DshieldLineParser(LogOptions options) {
    this.stamps = new Stamps(options);
  }

  static boolean looksLike(String line) {
    List<String> f = Fields.split(line, '\t', 10);
    return (f.size() == 8 || f.size() == 9)
        && f.get(0).length() >= 19
        && f.get(0).charAt(4) == '-'
        && Fields.address(f.get(3)) != null;
  }

  @Override
  public Outcome parse(ByteLine line) {
    byte[] b = line.bytes();
    int from = line.start();
    int to = line.end();
    if (from < to && b[from] == '#') {
      return Outcome.HEADER;
    }
    int fields = split(b, from, to);
    if (fields < 8 || fields > 9) {
      return Outcome.malformed("wrong number of fields", fields + " fields: " + line.text());
    }
    int s0 = trimStart(b, starts[0], ends[0]);
    int s1 = trimEnd(b, s0, ends[0]);
    if (!stamps.parse(line, s0 - from, s1 - from) || stamps.end() != s1 - from) {
      return Outcome.malformed("bad time stamp", text(b, s0, s1));
    }
    int count = number(b, 2, MAX_COUNT);
    if (count < 1) {
      return Outcome.malformed("bad count", field(b, 2));
    }
    if (!address(b, 3)) {
      return Outcome.malformed("bad address", field(b, 3));
    }
    long srcHi = addrHi;
    long srcLo = addrLo;
    if (!address(b, 5)) {
      return Outcome.malformed("bad address", field(b, 5));
    }
    long dstHi = addrHi;
    long dstLo = addrLo;
    int sport = number(b, 4, 0xffff);
    int dport = number(b, 6, 0xffff);
    if (sport < 0 || dport < 0) {
      return Outcome.malformed("bad or missing port", field(b, 4) + " " + field(b, 6));
    }
    Protocol protocol;
    try {
      protocol = Protocol.parse(field(b, 7));
    } catch (IllegalArgumentException e) {
      return ProbeRules.OTHER_PROTOCOL;
    }
    int flags = -1;
    if (protocol == Protocol.TCP) {
      flags = fields == 9 ? ProbeRules.parseFlags(field(b, 8)) : -1;
      if (flags == ProbeRules.INVALID) {
        return Outcome.malformed("bad tcp flags", field(b, 8));
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
        return Outcome.malformed("bad icmp type", field(b, 4));
      }
      if (!ProbeRules.isEchoRequest(sport, !IpAddresses.isV4(srcHi, srcLo))) {
        return ProbeRules.ICMP_NOT_ECHO;
      }
      probe = new Probe(time, srcHi, srcLo, dport, dstHi, dstLo, 8, protocol, -1, -1, -1, "", null);
    } else {
      probe =
          new Probe(
              time, srcHi, srcLo, sport, dstHi, dstLo, dport, protocol, flags, -1, -1, "", null);
    }
    return new Outcome.Emit(probe, count);
  }

  /**
   * Splits {@code b[from, to)} on tabs into {@link #starts} and {@link #ends}, keeping empty
   * fields; the tenth field takes the rest of the line, as {@link Fields#split} with ten does.
   *
   * @return the number of fields
   */
  private int split(byte[] b, int from, int to) {
    int n = 0;
    int start = from;
    while (n < MAX_FIELDS - 1) {
      int tab = Bytes.indexOf(b, start, to, TABS);
      if (tab < 0) {
        break;
      }
      starts[n] = start;
      ends[n] = tab;
      n++;
      start = tab + 1;
    }
    starts[n] = start;
    ends[n] = to;
    return n + 1;
  }

  /** Field {@code k} as text, untrimmed, decoded as UTF-8 (malformed bytes become U+FFFD). */
  private String field(byte[] b, int k) {
    return text(b, starts[k], ends[k]);
  }

  private static String text(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  /**
   * {@link Fields#number} on field {@code k}'s bytes: trimmed, one to nine ASCII digits, at most
   * {@code max}; or -1. (Trimming bytes up to 0x20 is trimming the decoded text: in UTF-8 every
   * character up to U+0020 is that one byte, and no byte of a longer character is that low.)
   */
  private int number(byte[] b, int k, int max) {
    int s = trimStart(b, starts[k], ends[k]);
    int e = trimEnd(b, s, ends[k]);
    int v = Bytes.number(b, s, e);
    return v <= max ? v : -1;
  }

  /**
   * {@link Fields#address} on field {@code k}'s bytes into {@link #addrHi} and {@link #addrLo}: a
   * dotted quad is read in place, anything else the way the String parser reads it.
   */
  private boolean address(byte[] b, int k) {
    int s = trimStart(b, starts[k], ends[k]);
    int e = trimEnd(b, s, ends[k]);
    long v4 = Bytes.ipv4(b, s, e);
    if (v4 >= 0) {
      addrHi = 0;
      addrLo = IpAddresses.v4Lo((int) v4);
      return true;
    }
    long[] a = Fields.address(text(b, s, e));
    if (a == null) {
      return false;
    }
    addrHi = a[0];
    addrLo = a[1];
    return true;
  }

  private static int trimStart(byte[] b, int from, int to) {
    int i = from;
    while (i < to && (b[i] & 0xff) <= ' ') {
      i++;
    }
    return i;
  }

  private static int trimEnd(byte[] b, int from, int to) {
    int i = to;
    while (i > from && (b[i - 1] & 0xff) <= ' ') {
      i--;
    }
    return i;
  }
}

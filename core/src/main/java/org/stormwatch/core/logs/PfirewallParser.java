package org.stormwatch.core.logs;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.stormwatch.core.logs.Outcome.Skip;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * Windows Firewall {@code pfirewall.log}, W3C extended format: header lines start with {@code #},
 * and {@code #Fields:} names the space-separated columns (until it is seen, the standard layout
 * {@code date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack
 * tcpwin icmptype icmpcode info path} is assumed). {@code DROP} records are probes, by {@link
 * ProbeRules} where {@code tcpflags} shows flags; {@code ALLOW}, {@code OPEN}, {@code CLOSE} and
 * {@code INFO-EVENTS-LOST} records are not. {@code size} is taken for the IP length. The stamps are
 * local time ({@code #Time Format: Local}): they are read in the configured zone.
 */
final class PfirewallParser implements LineParser {
  private static final String[] STANDARD = {
    "date",
    "time",
    "action",
    "protocol",
    "src-ip",
    "dst-ip",
    "src-port",
    "dst-port",
    "size",
    "tcpflags",
    "tcpsyn",
    "tcpack",
    "tcpwin",
    "icmptype",
    "icmpcode",
    "info",
    "path"
  };
  private static final Map<String, Skip> ACTIONS =
      Map.of(
          "ALLOW", Outcome.skip("pfirewall ALLOW"),
          "OPEN", Outcome.skip("pfirewall OPEN"),
          "CLOSE", Outcome.skip("pfirewall CLOSE"),
          "OPEN-INBOUND", Outcome.skip("pfirewall OPEN-INBOUND"),
          "INFO-EVENTS-LOST", Outcome.skip("pfirewall INFO-EVENTS-LOST"));
  private static final Skip OTHER_ACTION = Outcome.skip("pfirewall action other than DROP");

  private final Stamps stamps;
  private Map<String, Integer> columns = indexOf(STANDARD);

  PfirewallParser(LogOptions options) {
    this.stamps = new Stamps(options);
  }

  static boolean looksLike(String line) {
    return (line.startsWith("#Fields:") && line.contains("action") && line.contains("src-ip"))
        || line.startsWith("#Software: Microsoft Windows Firewall");
  }

  private static Map<String, Integer> indexOf(String[] names) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      m.putIfAbsent(names[i].toLowerCase(Locale.ROOT), i);
    }
    return m;
  }

  @Override
  public Outcome parse(ByteLine line) {
    String text = line.text();
    if (text.startsWith("#")) {
      if (text.startsWith("#Fields:")) {
        String[] names = Fields.words(text.substring("#Fields:".length()));
        if (names.length > 0) {
          columns = indexOf(names);
        }
      }
      return Outcome.HEADER;
    }
    String[] f = Fields.words(text);
    String action = field(f, "action");
    if (action == null) {
      return Outcome.malformed("too few fields", text);
    }
    if (!action.equals("DROP")) {
      Skip known = ACTIONS.get(action);
      return known != null ? known : OTHER_ACTION;
    }
    String date = field(f, "date");
    String time = field(f, "time");
    String proto = field(f, "protocol");
    String src = field(f, "src-ip");
    String dst = field(f, "dst-ip");
    if (date == null || time == null || proto == null || src == null || dst == null) {
      return Outcome.malformed("too few fields", text);
    }
    String stamp = date + " " + time;
    if (!stamps.parse(stamp, 0, stamp.length()) || stamps.end() != stamp.length()) {
      return Outcome.malformed("bad time stamp", stamp);
    }
    Protocol protocol;
    try {
      protocol = Protocol.parse(proto);
    } catch (IllegalArgumentException e) {
      return ProbeRules.OTHER_PROTOCOL;
    }
    long[] s = Fields.address(src);
    long[] d = Fields.address(dst);
    if (s == null || d == null) {
      return Outcome.malformed("bad address", s == null ? src : dst);
    }
    int size = number(field(f, "size"), 0xffff);
    long nanos = stamps.nanos();
    if (protocol == Protocol.ICMP) {
      int type = number(field(f, "icmptype"), 255);
      int code = number(field(f, "icmpcode"), 255);
      if (type < 0) {
        return Outcome.malformed("bad icmp type", String.valueOf(field(f, "icmptype")));
      }
      if (!ProbeRules.isEchoRequest(type, !IpAddresses.isV4(s[0], s[1]))) {
        return ProbeRules.ICMP_NOT_ECHO;
      }
      return Outcome.probe(
          new Probe(
              nanos,
              s[0],
              s[1],
              Math.max(code, 0),
              d[0],
              d[1],
              8,
              protocol,
              -1,
              size,
              -1,
              "",
              null));
    }
    int sp = number(field(f, "src-port"), 0xffff);
    int dp = number(field(f, "dst-port"), 0xffff);
    if (sp < 0 || dp < 0) {
      return Outcome.malformed(
          "bad or missing port", field(f, "src-port") + " " + field(f, "dst-port"));
    }
    int flags = -1;
    if (protocol == Protocol.TCP) {
      String ft = field(f, "tcpflags");
      flags = ft == null ? -1 : ProbeRules.parseFlags(ft);
      if (flags == ProbeRules.INVALID) {
        return Outcome.malformed("bad tcp flags", ft);
      }
      Skip no = ProbeRules.tcp(flags);
      if (no != null) {
        return no;
      }
    }
    return Outcome.probe(
        new Probe(nanos, s[0], s[1], sp, d[0], d[1], dp, protocol, flags, size, -1, "", null));
  }

  private String field(String[] f, String name) {
    Integer i = columns.get(name);
    return i == null || i >= f.length ? null : f[i];
  }

  /** A number, or -1 for {@code -}, a missing field or junk. */
  private static int number(String text, int max) {
    return text == null ? -1 : Fields.number(text, max);
  }
}

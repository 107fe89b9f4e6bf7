package org.stormwatch.core.logs;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.logs.Outcome.Skip;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * Cisco ASA, PIX, FTD and FWSM syslog messages ({@code %ASA-4-106023: ...}), with or without a
 * syslog header before them. The deny messages of dropped packets are probes: 106001 (inbound TCP
 * denied), 106006 and 106007 (inbound UDP denied), 106010 and 106011 (inbound denied, no xlate),
 * 106014 (inbound ICMP denied), 106015 (TCP without connection), 106023 (denied by an access
 * group), 106100 (an access list's {@code denied} hit), 710003 (denied by the ACL for the device
 * itself) and 710005 (UDP request to the device discarded). Every other message is not a firewall
 * deny and is counted as such. Where the message shows TCP flags (106001, 106015), {@link
 * ProbeRules} applies; a deny without flags counts as a probe.
 *
 * <p>Times come from the syslog header, or from Cisco's own stamp ({@code Jul 05 2004 00:58:00:});
 * a message without any stamp takes the file's modification time (there is no other date to give
 * it) and a warning says how many did. Services written by name ({@code outside:1.2.3.4/ssh}) are
 * mapped with the table ASA uses. Regular expressions are fine here: Cisco logs are not the hot
 * path, and each message id has its own pattern.
 */
final class CiscoParser implements LineParser {
  static final Skip NOT_CISCO = Outcome.skip("not a cisco message");
  static final Skip NOT_DENY = Outcome.skip("cisco message other than a deny");
  static final Skip PERMITTED = Outcome.skip("cisco access-list permitted");

  private static final Pattern TAG =
      Pattern.compile("%(?:ASA|PIX|FTD|FWSM)-(?:session-)?(\\d)-(\\d{6}):\\s*");

  // An address with an optional interface name before it and a port or service after it.
  private static final String IF = "(?:[\\w.-]+:\\s?)?";
  private static final String ADDR = "([0-9A-Fa-f:.*]+?)";
  private static final String PORT = "(?:/([\\w-]+))?";
  private static final String PORT_REQ = "/([\\w-]+)";

  private static final Pattern M106001 =
      Pattern.compile(
          "Inbound (TCP) connection denied from "
              + ADDR
              + PORT
              + " to "
              + ADDR
              + PORT
              + " flags (.*?) on interface");
  private static final Pattern M106006 =
      Pattern.compile(
          "Deny inbound (UDP) from " + ADDR + PORT_REQ + " to " + ADDR + PORT_REQ + "(?=[\\s.]|$)");
  private static final Pattern DENY_SRC_DST =
      Pattern.compile(
          "Deny (?:inbound )?(?:\\(No xlate\\) )?(tcp|udp|icmp|icmp6|protocol \\d+|\\w+) src "
              + IF
              + ADDR
              + PORT
              + "(?:\\s*\\([^)]*\\))? dst "
              + IF
              + ADDR
              + PORT
              + "(?=[\\s(]|$)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern TYPE_CODE = Pattern.compile("\\(?type (\\d+), code (\\d+)\\)?");
  private static final Pattern M106015 =
      Pattern.compile(
          "Deny (TCP) \\(no connection\\) from "
              + ADDR
              + PORT
              + " to "
              + ADDR
              + PORT
              + " flags (.*?) on interface");
  private static final Pattern M710003 =
      Pattern.compile(
          "(TCP|UDP|ICMP) access denied by ACL from "
              + ADDR
              + PORT
              + " to "
              + IF
              + ADDR
              + PORT
              + "(?=\\s|$)");
  private static final Pattern M710005 =
      Pattern.compile(
          "(TCP|UDP|SCTP) request discarded from\\s+"
              + ADDR
              + PORT
              + " to "
              + IF
              + ADDR
              + PORT
              + "(?=\\s|$)");
  private static final Pattern M106100 =
      Pattern.compile(
          "access-list \\S+ (denied|permitted|est-allowed) (\\w+) [^/\\s]+/"
              + ADDR
              + "\\((\\d+)\\)(?:\\([^)]*\\))? -> [^/\\s]+/"
              + ADDR
              + "\\((\\d+)\\)");

  /** The service names ASA prints instead of port numbers. */
  private static final Map<String, Integer> SERVICES =
      Map.ofEntries(
          Map.entry("aol", 5190),
          Map.entry("bgp", 179),
          Map.entry("biff", 512),
          Map.entry("bootpc", 68),
          Map.entry("bootps", 67),
          Map.entry("chargen", 19),
          Map.entry("citrix-ica", 1494),
          Map.entry("cmd", 514),
          Map.entry("ctiqbe", 2748),
          Map.entry("daytime", 13),
          Map.entry("discard", 9),
          Map.entry("dnsix", 195),
          Map.entry("domain", 53),
          Map.entry("echo", 7),
          Map.entry("exec", 512),
          Map.entry("finger", 79),
          Map.entry("ftp", 21),
          Map.entry("ftp-data", 20),
          Map.entry("gopher", 70),
          Map.entry("h323", 1720),
          Map.entry("hostname", 101),
          Map.entry("http", 80),
          Map.entry("https", 443),
          Map.entry("ident", 113),
          Map.entry("imap4", 143),
          Map.entry("irc", 194),
          Map.entry("isakmp", 500),
          Map.entry("kerberos", 88),
          Map.entry("klogin", 543),
          Map.entry("kshell", 544),
          Map.entry("ldap", 389),
          Map.entry("ldaps", 636),
          Map.entry("login", 513),
          Map.entry("lotusnotes", 1352),
          Map.entry("lpd", 515),
          Map.entry("mobile-ip", 434),
          Map.entry("nameserver", 42),
          Map.entry("netbios-dgm", 138),
          Map.entry("netbios-ns", 137),
          Map.entry("netbios-ssn", 139),
          Map.entry("nfs", 2049),
          Map.entry("nntp", 119),
          Map.entry("ntp", 123),
          Map.entry("pcanywhere-data", 5631),
          Map.entry("pcanywhere-status", 5632),
          Map.entry("pim-auto-rp", 496),
          Map.entry("pop2", 109),
          Map.entry("pop3", 110),
          Map.entry("pptp", 1723),
          Map.entry("radius", 1645),
          Map.entry("radius-acct", 1646),
          Map.entry("rip", 520),
          Map.entry("rsh", 514),
          Map.entry("rtsp", 554),
          Map.entry("secureid-udp", 5510),
          Map.entry("sip", 5060),
          Map.entry("smtp", 25),
          Map.entry("snmp", 161),
          Map.entry("snmptrap", 162),
          Map.entry("sqlnet", 1521),
          Map.entry("ssh", 22),
          Map.entry("sunrpc", 111),
          Map.entry("syslog", 514),
          Map.entry("tacacs", 49),
          Map.entry("talk", 517),
          Map.entry("telnet", 23),
          Map.entry("tftp", 69),
          Map.entry("time", 37),
          Map.entry("uucp", 540),
          Map.entry("who", 513),
          Map.entry("whois", 43),
          Map.entry("www", 80),
          Map.entry("xdmcp", 177),
          Map.entry("microsoft-ds", 445),
          Map.entry("rdp", 3389));

  private final Stamps stamps;
  private final long fallbackNanos;
  private final String name;
  private long withoutStamp;

  CiscoParser(LogOptions options, String name) {
    this.stamps = new Stamps(options);
    java.time.Instant m = options.modifiedOrNow();
    this.fallbackNanos = m.getEpochSecond() * 1_000_000_000L + m.getNano();
    this.name = name;
  }

  static boolean looksLike(String line) {
    return TAG.matcher(line).find();
  }

  /**
   * A deny message's pattern: groups protocol, source, source port, target, target port[, flags].
   */
  private record DenyMessage(Pattern pattern, boolean withFlags) {}

  private static final Map<String, DenyMessage> DENY_MESSAGES =
      Map.of(
          "106001", new DenyMessage(M106001, true),
          "106006", new DenyMessage(M106006, false),
          "106007", new DenyMessage(M106006, false),
          "106010", new DenyMessage(DENY_SRC_DST, false),
          "106011", new DenyMessage(DENY_SRC_DST, false),
          "106014", new DenyMessage(DENY_SRC_DST, false),
          "106023", new DenyMessage(DENY_SRC_DST, false),
          "106015", new DenyMessage(M106015, true),
          "710003", new DenyMessage(M710003, false),
          "710005", new DenyMessage(M710005, false));

  private Outcome fromGroups(Matcher m, int first, boolean withFlags, String msg) {
    return fromParts(
        m.group(first),
        m.group(first + 1),
        m.group(first + 2),
        m.group(first + 3),
        m.group(first + 4),
        withFlags ? m.group(first + 5) : null,
        msg);
  }

  /** How many messages so far had no stamp and took the file's modification time. */
  long withoutStamp() {
    return withoutStamp;
  }

  /** Adds the warning about stamp-less messages, once, at the end of the file. */
  @Override
  public void finish(ReadStats into) {
    if (withoutStamp > 0) {
      into.warn(
          name
              + ": "
              + withoutStamp
              + " cisco messages carry no time stamp; they took the file's modification time");
    }
  }

  @Override
  public Outcome parse(ByteLine line) {
    String text = line.text();
    Matcher tag = TAG.matcher(text);
    if (!tag.find()) {
      return NOT_CISCO;
    }
    String id = tag.group(2);
    String msg = text.substring(tag.end());
    Outcome parsed;
    if (id.equals("106100")) {
      Matcher m = M106100.matcher(msg);
      if (m.find() && !m.group(1).equals("denied")) {
        return PERMITTED;
      }
      parsed = m.find(0) ? fromGroups(m, 2, false, msg) : null;
    } else {
      DenyMessage deny = DENY_MESSAGES.get(id);
      if (deny == null) {
        return NOT_DENY;
      }
      Matcher m = deny.pattern().matcher(msg);
      parsed = m.find() ? fromGroups(m, 1, deny.withFlags(), msg) : null;
    }
    if (parsed == null) {
      return Outcome.malformed("unreadable cisco deny", text);
    }
    if (!(parsed instanceof Outcome.Emit)) {
      return parsed;
    }
    Probe p = ((Outcome.Emit) parsed).probe();
    long time;
    if (tag.start() > 0 && stamps.parse(text, 0, tag.start())) {
      time = stamps.nanos();
    } else if (tag.start() > 0 && firstStamp(text, tag.start())) {
      time = stamps.nanos();
    } else {
      withoutStamp++;
      time = fallbackNanos;
    }
    return Outcome.probe(p.withTime(time));
  }

  /** A stamp further into the header (after a relay's host name, for example). */
  private boolean firstStamp(String text, int to) {
    for (int i = 1; i < to; i++) {
      if (text.charAt(i - 1) == ' ' && stamps.parse(text, i, to)) {
        return true;
      }
    }
    return false;
  }

  private Outcome fromParts(
      String proto,
      String src,
      String sport,
      String dst,
      String dport,
      String flagText,
      String msg) {
    Protocol protocol;
    String p = proto.toLowerCase(Locale.ROOT);
    if (p.startsWith("protocol ")) {
      p = p.substring(9);
    }
    try {
      protocol = Protocol.parse(p);
    } catch (IllegalArgumentException e) {
      return ProbeRules.OTHER_PROTOCOL;
    }
    long[] s = Fields.address(src);
    long[] d = Fields.address(dst);
    if (s == null || d == null) {
      return Outcome.malformed("bad address", s == null ? src : dst);
    }
    if (protocol == Protocol.ICMP) {
      Matcher tc = TYPE_CODE.matcher(msg);
      if (!tc.find()) {
        return Outcome.malformed("icmp deny without type", msg);
      }
      int type = Fields.number(tc.group(1), 255);
      int code = Fields.number(tc.group(2), 255);
      if (type < 0 || code < 0) {
        return Outcome.malformed("bad icmp type", tc.group());
      }
      if (!ProbeRules.isEchoRequest(type, !IpAddresses.isV4(s[0], s[1]))) {
        return ProbeRules.ICMP_NOT_ECHO;
      }
      return Outcome.probe(
          new Probe(0, s[0], s[1], code, d[0], d[1], 8, protocol, -1, -1, -1, "", null));
    }
    int sp = port(sport);
    int dp = port(dport);
    if (sp < 0 || dp < 0) {
      return Outcome.malformed("bad or missing port", sport + " " + dport);
    }
    int flags = -1;
    if (protocol == Protocol.TCP && flagText != null) {
      flags = ProbeRules.parseFlags(flagText.replace(" ", ","));
      if (flags == ProbeRules.INVALID) {
        return Outcome.malformed("bad tcp flags", flagText);
      }
      Skip no = ProbeRules.tcp(flags);
      if (no != null) {
        return no;
      }
    }
    if (protocol != Protocol.TCP) {
      flags = -1;
    }
    return Outcome.probe(
        new Probe(0, s[0], s[1], sp, d[0], d[1], dp, protocol, flags, -1, -1, "", null));
  }

  private static int port(String text) {
    if (text == null) {
      return -1;
    }
    int n = Fields.number(text, 0xffff);
    if (n >= 0) {
      return n;
    }
    Integer named = SERVICES.get(text.toLowerCase(Locale.ROOT));
    return named == null ? -1 : named;
  }
}

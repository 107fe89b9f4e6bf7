package org.stormwatch.core.logs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stormwatch.core.logs.Outcome.Skip;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * OpenBSD pf logs as {@code tcpdump -n -e -ttt -r pflog0} prints them, one packet per line, also
 * relayed through syslog ({@code host pf: } before the packet's own stamp): {@code Mar 29
 * 19:32:17.184835 rule 4/(match) [uid 0, pid 10758] block in on em0: 192.168.56.1.53614 >
 * 192.168.56.101.1435: S ... (ttl 42, id 1076, len 44)}. {@code block} lines are probes by {@link
 * ProbeRules} (the flags are the first word after the addresses: {@code S}, {@code S.}, {@code
 * Flags [S]}); {@code pass} and other actions are not. The packet's stamp is the last one before
 * {@code rule} (after the last {@code ": "}, which skips a syslog relay's header). Both old ({@code
 * udp 57}, {@code icmp: echo request}) and new ({@code UDP, length 57}, {@code ICMP echo request})
 * tcpdump wording is read. A payload that shows no protocol (an application decode) is malformed.
 */
final class PfParser implements LineParser {
  static final Skip NOT_PF = Outcome.skip("not a pf line");
  static final Skip PASS = Outcome.skip("pf pass");
  static final Skip OTHER_ACTION = Outcome.skip("pf action other than block");

  private static final Pattern RULE =
      Pattern.compile(
          " rule (\\S+?)(?:\\s\\[[^\\]]*\\])? (block|pass|match|scrub|nat|rdr|binat|\\w+) (in|out)"
              + " on (\\S+?): (.*)$");
  private static final Pattern TTL = Pattern.compile("\\bttl (\\d+)");
  private static final Pattern LEN = Pattern.compile(", len(?:gth)? (\\d+)\\)");

  private final Stamps stamps;

  PfParser(LogOptions options) {
    this.stamps = new Stamps(options);
  }

  static boolean looksLike(String line) {
    return RULE.matcher(line).find();
  }

  @Override
  public Outcome parse(ByteLine line) {
    String text = line.text();
    Matcher m = RULE.matcher(text);
    if (!m.find()) {
      return NOT_PF;
    }
    String action = m.group(2);
    if (!action.equals("block")) {
      return action.equals("pass") ? PASS : OTHER_ACTION;
    }
    int stampTo = m.start();
    int stampFrom = stampTo >= 2 ? text.lastIndexOf(": ", stampTo - 2) : -1;
    stampFrom = stampFrom < 0 ? 0 : stampFrom + 2;
    if (stampFrom >= stampTo || !stamps.parse(text, stampFrom, stampTo)) {
      return Outcome.malformed("bad time stamp", text.substring(stampFrom, stampTo));
    }
    long nanos = stamps.nanos();
    String rest = m.group(5);
    int gt = rest.indexOf(" > ");
    if (gt < 0) {
      return Outcome.malformed("no addresses", rest);
    }
    int colon = rest.indexOf(": ", gt + 3);
    if (colon < 0) {
      colon = rest.endsWith(":") ? rest.length() - 1 : -1;
    }
    if (colon < 0) {
      return Outcome.malformed("no addresses", rest);
    }
    String srcText = rest.substring(0, gt).trim();
    int sp = srcText.lastIndexOf(' ');
    if (sp >= 0) {
      srcText = srcText.substring(sp + 1);
    }
    String dstText = rest.substring(gt + 3, colon).trim();
    String payload = colon + 2 <= rest.length() ? rest.substring(colon + 2).trim() : "";
    long[] srcPort = hostPort(srcText);
    long[] dstPort = hostPort(dstText);
    if (srcPort == null || dstPort == null) {
      return Outcome.malformed("bad address", srcPort == null ? srcText : dstText);
    }
    int ttl = group(TTL, payload, 255);
    int len = group(LEN, payload, 0xffff + 40);
    String lower = payload.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("icmp")) {
      boolean echo = lower.contains("echo request");
      if (!echo) {
        return ProbeRules.ICMP_NOT_ECHO;
      }
      return Outcome.probe(
          new Probe(
              nanos,
              srcPort[0],
              srcPort[1],
              0,
              dstPort[0],
              dstPort[1],
              8,
              Protocol.ICMP,
              -1,
              len,
              ttl,
              "",
              null));
    }
    if (srcPort[2] < 0 || dstPort[2] < 0) {
      return Outcome.malformed("bad or missing port", srcText + " > " + dstText);
    }
    int s = (int) srcPort[2];
    int d = (int) dstPort[2];
    if (lower.startsWith("udp")) {
      return Outcome.probe(
          new Probe(
              nanos,
              srcPort[0],
              srcPort[1],
              s,
              dstPort[0],
              dstPort[1],
              d,
              Protocol.UDP,
              -1,
              len,
              ttl,
              "",
              null));
    }
    String flagText = null;
    if (payload.startsWith("Flags [")) {
      int close = payload.indexOf(']');
      flagText = close < 0 ? null : payload.substring(7, close);
    } else {
      String first = payload.split(" ", 2)[0];
      if (!first.isEmpty() && first.matches("[SFRPUEW.]+|none")) {
        flagText = first;
      }
    }
    if (flagText == null) {
      return Outcome.malformed("protocol not shown", payload);
    }
    int flags = ProbeRules.parseFlags(flagText);
    if (flags == ProbeRules.INVALID) {
      return Outcome.malformed("bad tcp flags", flagText);
    }
    Skip no = ProbeRules.tcp(flags);
    if (no != null) {
      return no;
    }
    return Outcome.probe(
        new Probe(
            nanos,
            srcPort[0],
            srcPort[1],
            s,
            dstPort[0],
            dstPort[1],
            d,
            Protocol.TCP,
            flags,
            len,
            ttl,
            "",
            null));
  }

  /** {hi, lo, port or -1} of tcpdump's {@code address.port}, or null. */
  private static long[] hostPort(String text) {
    long[] whole = Fields.address(text);
    if (whole != null && (text.indexOf(':') < 0 || text.indexOf('.') < 0)) {
      return new long[] {whole[0], whole[1], -1};
    }
    int dot = text.lastIndexOf('.');
    if (dot < 0) {
      return null;
    }
    long[] a = Fields.address(text.substring(0, dot));
    int port = Fields.number(text.substring(dot + 1), 0xffff);
    if (a == null || port < 0) {
      return whole == null ? null : new long[] {whole[0], whole[1], -1};
    }
    return new long[] {a[0], a[1], port};
  }

  private static int group(Pattern p, String text, int max) {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      return -1;
    }
    return Fields.number(m.group(1), max);
  }
}

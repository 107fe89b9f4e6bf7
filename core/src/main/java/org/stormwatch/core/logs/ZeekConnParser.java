package org.stormwatch.core.logs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stormwatch.core.logs.Outcome.Skip;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * Zeek (Bro) {@code conn.log}, as TSV with its {@code #separator} and {@code #fields} header or as
 * JSON lines; a file may mix both (each line is read by its first character). One connection is at
 * most one probe: a connection attempt that got no answer or was rejected.
 *
 * <p>Probe states ({@code conn_state}): {@code S0} (attempt, no reply: a SYN without answer, or a
 * UDP flow the other side never answered), {@code REJ} (SYN answered by RST), {@code RSTOS0} (SYN,
 * then the originator's RST, no SYN-ACK), {@code SH} (SYN then FIN, no SYN-ACK), and {@code RSTO}
 * with history {@code ShR} (a half-open scan of an open port: SYN, SYN-ACK, originator RST). Not
 * probes: established or answered connections ({@code S1, S2, S3, SF, RSTO, RSTR}), flows seen only
 * from the responder or midstream ({@code RSTRH, SHR, OTH}). ICMP (origin port = type, response
 * port = code): an echo request without reply packets. The time is {@code ts}, the start of the
 * connection; a single-packet attempt carries its IP length ({@code orig_ip_bytes}).
 */
final class ZeekConnParser implements LineParser {
  private static final Set<String> PROBE_STATES = Set.of("S0", "REJ", "RSTOS0", "SH");
  static final Skip ANSWERED = Outcome.skip("zeek established or answered connection");
  static final Skip ICMP_ANSWERED = Outcome.skip("zeek answered icmp echo request");

  private static final List<String> LEGACY_FIELDS =
      List.of(
          "ts",
          "uid",
          "id.orig_h",
          "id.orig_p",
          "id.resp_h",
          "id.resp_p",
          "proto",
          "service",
          "duration",
          "orig_bytes",
          "resp_bytes",
          "conn_state",
          "local_orig",
          "local_resp",
          "missed_bytes",
          "history",
          "orig_pkts",
          "orig_ip_bytes",
          "resp_pkts",
          "resp_ip_bytes",
          "tunnel_parents");

  private final Stamps stamps;
  private char separator = '\t';
  private Map<String, Integer> columns = index(LEGACY_FIELDS);
  private String unset = "-";

  ZeekConnParser(LogOptions options) {
    this.stamps = new Stamps(options);
  }

  static boolean looksLike(String line) {
    return line.startsWith("#separator")
        || (line.startsWith("#fields") && line.contains("id.orig_h"))
        || (line.startsWith("#path") && line.contains("conn"))
        || (line.startsWith("{")
            && line.contains("\"id.orig_h\"")
            && line.contains("\"conn_state\""));
  }

  private static Map<String, Integer> index(List<String> names) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.putIfAbsent(names.get(i), i);
    }
    return m;
  }

  @Override
  public Outcome parse(ByteLine line) {
    String text = line.text();
    if (text.startsWith("#")) {
      header(text);
      return Outcome.HEADER;
    }
    if (text.startsWith("{")) {
      Map<String, String> r;
      try {
        r = Json.parseObject(text);
      } catch (Json.JsonException e) {
        return Outcome.malformed("bad json", e.getMessage());
      }
      return judge(r::get, text);
    }
    List<String> f = Fields.split(text, separator, 256);
    return judge(
        name -> {
          Integer i = columns.get(name);
          if (i == null || i >= f.size()) {
            return null;
          }
          String v = f.get(i);
          return v.equals(unset) ? null : v;
        },
        text);
  }

  private void header(String text) {
    if (text.startsWith("#separator")) {
      String v = text.substring("#separator".length()).trim();
      if (v.startsWith("\\x") && v.length() == 4) {
        int c = Integer.parseInt(v.substring(2), 16);
        separator = (char) c;
      } else if (v.length() == 1) {
        separator = v.charAt(0);
      }
    } else if (text.startsWith("#unset_field")) {
      List<String> f = Fields.split(text, separator, 3);
      if (f.size() >= 2) {
        unset = f.get(1);
      }
    } else if (text.startsWith("#fields")) {
      List<String> f = Fields.split(text, separator, 256);
      columns = index(f.subList(1, f.size()));
    }
  }

  private interface Row {
    String get(String name);
  }

  private Outcome judge(Row r, String text) {
    String ts = r.get("ts");
    String src = r.get("id.orig_h");
    String dst = r.get("id.resp_h");
    String proto = r.get("proto");
    if (ts == null || src == null || dst == null || proto == null) {
      return Outcome.malformed("missing field", text);
    }
    if (!stamps.parse(ts, 0, ts.length()) || stamps.end() != ts.length()) {
      return Outcome.malformed("bad time stamp", ts);
    }
    long nanos = stamps.nanos();
    long[] s = Fields.address(src);
    long[] d = Fields.address(dst);
    if (s == null || d == null) {
      return Outcome.malformed("bad address", s == null ? src : dst);
    }
    Protocol protocol;
    try {
      protocol = Protocol.parse(proto);
    } catch (IllegalArgumentException e) {
      return ProbeRules.OTHER_PROTOCOL;
    }
    int sp = port(r.get("id.orig_p"));
    int dp = port(r.get("id.resp_p"));
    if (sp < 0 || dp < 0) {
      return Outcome.malformed(
          "bad or missing port", r.get("id.orig_p") + " " + r.get("id.resp_p"));
    }
    int respPkts = number(r.get("resp_pkts"));
    int origPkts = number(r.get("orig_pkts"));
    int ipLen = origPkts == 1 ? number(r.get("orig_ip_bytes")) : -1;
    if (ipLen > 0xffff + 40) {
      ipLen = -1;
    }
    if (protocol == Protocol.ICMP) {
      if (sp > 255 || dp > 255) {
        return Outcome.malformed("bad icmp type", String.valueOf(sp));
      }
      if (!ProbeRules.isEchoRequest(sp, !IpAddresses.isV4(s[0], s[1]))) {
        return ProbeRules.ICMP_NOT_ECHO;
      }
      if (respPkts > 0) {
        return ICMP_ANSWERED;
      }
      return Outcome.probe(
          new Probe(nanos, s[0], s[1], dp, d[0], d[1], 8, protocol, -1, ipLen, -1, "", null));
    }
    String state = r.get("conn_state");
    if (state == null) {
      return Outcome.malformed("missing field", "conn_state");
    }
    String history = r.get("history");
    boolean probe = PROBE_STATES.contains(state) || (state.equals("RSTO") && "ShR".equals(history));
    if (!probe) {
      return ANSWERED;
    }
    int flags = -1;
    if (protocol == Protocol.TCP && history != null && history.startsWith("S")) {
      flags = ProbeRules.SYN;
    }
    return Outcome.probe(
        new Probe(nanos, s[0], s[1], sp, d[0], d[1], dp, protocol, flags, ipLen, -1, "", null));
  }

  private static int port(String text) {
    return text == null ? -1 : Fields.number(text, 0xffff);
  }

  private static int number(String text) {
    return text == null ? -1 : Fields.number(text, 0xffff_ff);
  }
}

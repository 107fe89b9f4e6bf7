package org.stormwatch.core.logs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.stormwatch.core.logs.Outcome.Skip;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * Suricata {@code eve.json}, one JSON event per line; {@code flow} and {@code alert} events can be
 * probes, every other event type is not.
 *
 * <p>A flow is a probe when it was an unanswered or rejected attempt: no packet went back to the
 * client ({@code flow.pkts_toclient} 0), or, for TCP, the server's flags show RST without SYN
 * ({@code tcp.tcp_flags_tc}). A TCP flow whose client flags lack SYN started midstream and is no
 * probe. An alert is a probe when Suricata blocked the packet (IPS mode, {@code alert.action}
 * {@code blocked}) or when its flow had no answer yet; an alert on an answered flow (a download, a
 * TLS session) is not. Each flow gives at most one probe: {@code flow_id}s already counted are
 * remembered (the last {@link #REMEMBERED} of them, so memory stays bounded), and a later alert or
 * flow event of the same flow is counted as already seen. The time is {@code flow.start} when
 * present, else {@code timestamp}.
 */
final class SuricataEveParser implements LineParser {
  static final int REMEMBERED = 100_000;
  static final Skip OTHER_EVENT = Outcome.skip("suricata event other than flow or alert");
  static final Skip ANSWERED = Outcome.skip("suricata answered flow");
  static final Skip MIDSTREAM = Outcome.skip("suricata flow without SYN (midstream)");
  static final Skip ALERT_ANSWERED = Outcome.skip("suricata alert on an answered flow");
  static final Skip SEEN = Outcome.skip("suricata flow already counted");

  private final Stamps stamps;
  private final Map<String, Boolean> counted =
      new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      };

  SuricataEveParser(LogOptions options) {
    this.stamps = new Stamps(options);
  }

  static boolean looksLike(String line) {
    return line.startsWith("{") && line.contains("\"event_type\"");
  }

  @Override
  public Outcome parse(ByteLine line) {
    String text = line.text();
    Map<String, String> r;
    try {
      r = Json.parseObject(text);
    } catch (Json.JsonException e) {
      return Outcome.malformed("bad json", e.getMessage());
    }
    String type = r.get("event_type");
    if (type == null) {
      return Outcome.malformed("missing event_type", text);
    }
    boolean alert = type.equals("alert");
    if (!alert && !type.equals("flow")) {
      return OTHER_EVENT;
    }
    String protoText = r.get("proto");
    if (protoText == null) {
      return Outcome.malformed("missing field", "proto");
    }
    Protocol protocol;
    try {
      protocol = Protocol.parse(protoText);
    } catch (IllegalArgumentException e) {
      return ProbeRules.OTHER_PROTOCOL;
    }
    long[] s = Fields.address(r.getOrDefault("src_ip", ""));
    long[] d = Fields.address(r.getOrDefault("dest_ip", ""));
    if (s == null || d == null) {
      return Outcome.malformed("bad address", r.get(s == null ? "src_ip" : "dest_ip"));
    }
    String stamp = r.getOrDefault("flow.start", r.get("timestamp"));
    if (stamp == null || !stamps.parse(stamp, 0, stamp.length())) {
      return Outcome.malformed("bad time stamp", String.valueOf(stamp));
    }
    long nanos = stamps.nanos();
    String toClient = r.get("flow.pkts_toclient");
    boolean unanswered = "0".equals(toClient);
    Skip no;
    if (alert) {
      no = "blocked".equals(r.get("alert.action")) || unanswered ? null : ALERT_ANSWERED;
    } else if (protocol == Protocol.TCP) {
      int ts = hexFlags(r.get("tcp.tcp_flags_ts"));
      int tc = hexFlags(r.get("tcp.tcp_flags_tc"));
      if (ts >= 0 && (ts & ProbeRules.SYN) == 0) {
        no = MIDSTREAM;
      } else if (unanswered
          || (tc >= 0 && (tc & ProbeRules.RST) != 0 && (tc & ProbeRules.SYN) == 0)) {
        no = null;
      } else {
        no = ANSWERED;
      }
    } else {
      no = unanswered ? null : ANSWERED;
    }
    if (no != null) {
      return no;
    }
    String flowId = r.get("flow_id");
    if (flowId != null && counted.put(flowId, Boolean.TRUE) != null) {
      return SEEN;
    }
    if (protocol == Protocol.ICMP) {
      int type8 = Fields.number(r.getOrDefault("icmp_type", ""), 255);
      int code = Fields.number(r.getOrDefault("icmp_code", ""), 255);
      if (!ProbeRules.isEchoRequest(type8, !IpAddresses.isV4(s[0], s[1]))) {
        return ProbeRules.ICMP_NOT_ECHO;
      }
      return Outcome.probe(
          new Probe(
              nanos, s[0], s[1], Math.max(code, 0), d[0], d[1], 8, protocol, -1, -1, -1, "", null));
    }
    int sp = Fields.number(r.getOrDefault("src_port", ""), 0xffff);
    int dp = Fields.number(r.getOrDefault("dest_port", ""), 0xffff);
    if (sp < 0 || dp < 0) {
      return Outcome.malformed("bad or missing port", r.get("src_port") + " " + r.get("dest_port"));
    }
    int flags = -1;
    if (protocol == Protocol.TCP) {
      int ts = hexFlags(r.get("tcp.tcp_flags_ts"));
      flags = ts >= 0 && !alert ? ts & ProbeRules.SYN : -1;
    }
    return Outcome.probe(
        new Probe(nanos, s[0], s[1], sp, d[0], d[1], dp, protocol, flags, -1, -1, "", null));
  }

  /** Suricata's hex flag byte ({@code "1e"}), or -1. */
  private static int hexFlags(String text) {
    if (text == null || text.isEmpty() || text.length() > 2) {
      return -1;
    }
    try {
      return Integer.parseInt(text, 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}

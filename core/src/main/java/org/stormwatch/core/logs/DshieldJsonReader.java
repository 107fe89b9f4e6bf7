package org.stormwatch.core.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.stormwatch.core.input.ProbeReader;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.logs.Outcome.Emit;
import org.stormwatch.core.logs.Outcome.Malformed;
import org.stormwatch.core.logs.Outcome.Skip;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.ProbeSink;
import org.stormwatch.core.model.Protocol;

/**
 * The DShield sensor's submission JSON, {@code {"type":"firewall","logs":[{time, sip, dip, proto,
 * sport, dport, flags}, ...]}}: one or more such documents (a file of submissions, one per line or
 * not). Walked record by record with {@link Json}, so memory stays flat however long the {@code
 * logs} array is; each record is one unit in {@link ReadStats}. {@code time} is a unix time, {@code
 * proto} a number or name, ICMP records carry the type in {@code sport} and the code in {@code
 * dport} (swapped on reading, as in {@link DshieldLineParser}). A record without flags is a probe
 * when TCP. A syntax error ends the file: it is counted as one malformed record and a warning.
 */
final class DshieldJsonReader implements ProbeReader {
  private final String name;
  private final InputStream in;

  DshieldJsonReader(String name, InputStream in) {
    this.name = name;
    this.in = in;
  }

  static boolean looksLike(String firstLine) {
    String t = firstLine.strip();
    return t.startsWith("{") && t.contains("\"logs\"") && t.contains("\"firewall\"");
  }

  @Override
  public void read(ProbeSink sink, ReadStats stats) throws IOException {
    stats.fileOpened();
    Json json =
        new Json(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16));
    long record = 0;
    try {
      while (json.peekNonBlank() >= 0) {
        json.expect('{');
        boolean first = true;
        while (!json.consumeIf('}')) {
          if (!first) {
            json.expect(',');
          }
          first = false;
          String key = json.readString();
          json.expect(':');
          if (!key.equals("logs") || json.peekNonBlank() != '[') {
            json.readValue(key, null);
            continue;
          }
          json.expect('[');
          boolean firstRecord = true;
          while (!json.consumeIf(']')) {
            if (!firstRecord) {
              json.expect(',');
            }
            firstRecord = false;
            record++;
            Map<String, String> r = new LinkedHashMap<>();
            if (json.peekNonBlank() != '{') {
              json.readValue("", null);
              stats.malformed(where(record), "record is no object", "");
              continue;
            }
            json.readValue("", r);
            count(parseRecord(r), sink, stats, record);
          }
        }
      }
    } catch (Json.JsonException e) {
      stats.malformed(name + ": after record " + record, "bad json", e.getMessage());
      stats.warn(name + ": JSON syntax error after record " + record + "; the rest is not read");
    }
  }

  private void count(Outcome outcome, ProbeSink sink, ReadStats stats, long record) {
    if (outcome instanceof Emit) {
      stats.probe();
      sink.accept(((Emit) outcome).probe());
    } else if (outcome instanceof Skip) {
      stats.notProbe(((Skip) outcome).reason());
    } else {
      Malformed m = (Malformed) outcome;
      stats.malformed(where(record), m.reason(), m.detail());
    }
  }

  private String where(long record) {
    return name + ": record " + record;
  }

  /** One record of the {@code logs} array, as a flat map. */
  static Outcome parseRecord(Map<String, String> r) {
    String timeText = r.get("time");
    if (timeText == null) {
      return Outcome.malformed("missing field", "time");
    }
    long nanos;
    try {
      nanos = Math.round(Double.parseDouble(timeText) * 1e6) * 1000L;
    } catch (NumberFormatException e) {
      return Outcome.malformed("bad time stamp", timeText);
    }
    if (nanos < 0) {
      return Outcome.malformed("bad time stamp", timeText);
    }
    long[] src = Fields.address(r.getOrDefault("sip", ""));
    long[] dst = Fields.address(r.getOrDefault("dip", ""));
    if (src == null || dst == null) {
      return Outcome.malformed("bad address", r.get(src == null ? "sip" : "dip"));
    }
    Protocol protocol;
    try {
      protocol = Protocol.parse(r.getOrDefault("proto", ""));
    } catch (IllegalArgumentException e) {
      return ProbeRules.OTHER_PROTOCOL;
    }
    int sport = Fields.number(r.getOrDefault("sport", ""), 0xffff);
    int dport = Fields.number(r.getOrDefault("dport", ""), 0xffff);
    if (sport < 0 || dport < 0) {
      return Outcome.malformed("bad or missing port", r.get("sport") + " " + r.get("dport"));
    }
    if (protocol == Protocol.ICMP) {
      if (sport > 255 || dport > 255) {
        return Outcome.malformed("bad icmp type", r.get("sport"));
      }
      if (!ProbeRules.isEchoRequest(sport, !IpAddresses.isV4(src[0], src[1]))) {
        return ProbeRules.ICMP_NOT_ECHO;
      }
      return Outcome.probe(
          new Probe(
              nanos, src[0], src[1], dport, dst[0], dst[1], 8, protocol, -1, -1, -1, "", null));
    }
    int flags = -1;
    if (protocol == Protocol.TCP) {
      flags = ProbeRules.parseFlags(r.getOrDefault("flags", ""));
      if (flags == ProbeRules.INVALID) {
        return Outcome.malformed("bad tcp flags", r.get("flags"));
      }
      Skip no = ProbeRules.tcp(flags);
      if (no != null) {
        return no;
      }
    }
    return Outcome.probe(
        new Probe(
            nanos, src[0], src[1], sport, dst[0], dst[1], dport, protocol, flags, -1, -1, "",
            null));
  }
}

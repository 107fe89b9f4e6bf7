package org.stormwatch.core.logs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.stormwatch.core.logs.Outcome.Skip;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * A generic CSV or TSV log, its columns named by {@code --columns} (or by a header line made only
 * of these names): {@code time, src, sport, dst, dport, proto} and optionally {@code flags, len,
 * ttl, action}; {@code -} ignores a column. Each line is split on tabs if it has any, else on
 * commas (double quotes protect commas). The time can be any form {@link Stamps} reads (unix
 * seconds or milliseconds, ISO 8601, syslog). With an {@code action} column, {@code allow}, {@code
 * accept}, {@code pass} and {@code permit} records are no probes. ICMP records follow {@link
 * Probe}: {@code dport} holds the type, {@code sport} the code. A line starting with {@code #}, and
 * a first line that repeats the column names, are headers.
 */
final class ColumnsParser implements LineParser {
  static final Set<String> NAMES =
      Set.of("time", "src", "sport", "dst", "dport", "proto", "flags", "len", "ttl", "action", "-");
  private static final Set<String> REQUIRED = Set.of("time", "src", "dst", "dport", "proto");
  private static final Set<String> ALLOWED = Set.of("allow", "allowed", "accept", "pass", "permit");
  static final Skip ALLOWED_RECORD = Outcome.skip("csv record allowed by its action");

  private final Stamps stamps;
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> names;

  /**
   * @throws IllegalArgumentException naming the column when one is unknown or a required one is
   *     missing
   */
  ColumnsParser(LogOptions options, List<String> columns) {
    this.stamps = new Stamps(options);
    this.names = new ArrayList<>();
    for (String c : columns) {
      String n = c.trim().toLowerCase(Locale.ROOT);
      if (!NAMES.contains(n)) {
        throw new IllegalArgumentException(
            "unknown column '"
                + c
                + "' (expected time, src, sport, dst, dport, proto, flags, len,"
                + " ttl, action or -)");
      }
      names.add(n);
      if (!n.equals("-") && index.putIfAbsent(n, names.size() - 1) != null) {
        throw new IllegalArgumentException("column '" + n + "' named twice");
      }
    }
    for (String r : REQUIRED) {
      if (!index.containsKey(r)) {
        throw new IllegalArgumentException("--columns needs a '" + r + "' column: " + columns);
      }
    }
  }

  /** The columns of a header line made only of known names with the required ones, or null. */
  static List<String> headerColumns(String line) {
    List<String> f = split(line);
    List<String> out = new ArrayList<>();
    for (String s : f) {
      String n = s.trim().toLowerCase(Locale.ROOT);
      if (!NAMES.contains(n)) {
        return null;
      }
      out.add(n);
    }
    return out.containsAll(REQUIRED) ? out : null;
  }

  @Override
  public Outcome parse(ByteLine line) {
    String text = line.text();
    if (text.startsWith("#")) {
      return Outcome.HEADER;
    }
    List<String> f = split(text);
    if (line.number() == 1 && names.equals(lower(f))) {
      return Outcome.HEADER;
    }
    if (f.size() < names.size()) {
      return Outcome.malformed("too few fields", f.size() + " of " + names.size() + ": " + text);
    }
    String action = get(f, "action");
    if (action != null && ALLOWED.contains(action.trim().toLowerCase(Locale.ROOT))) {
      return ALLOWED_RECORD;
    }
    String time = get(f, "time").trim();
    if (!stamps.parse(time, 0, time.length()) || stamps.end() != time.length()) {
      return Outcome.malformed("bad time stamp", time);
    }
    long[] s = Fields.address(get(f, "src"));
    long[] d = Fields.address(get(f, "dst"));
    if (s == null || d == null) {
      return Outcome.malformed("bad address", s == null ? get(f, "src") : get(f, "dst"));
    }
    Protocol protocol;
    try {
      protocol = Protocol.parse(get(f, "proto"));
    } catch (IllegalArgumentException e) {
      return ProbeRules.OTHER_PROTOCOL;
    }
    String sportText = get(f, "sport");
    int sp = sportText == null ? 0 : Fields.number(sportText, 0xffff);
    int dp = Fields.number(get(f, "dport"), 0xffff);
    if (sp < 0 || dp < 0) {
      return Outcome.malformed("bad or missing port", sportText + " " + get(f, "dport"));
    }
    int len = optional(get(f, "len"), 0xffff + 40);
    int ttl = optional(get(f, "ttl"), 255);
    if (len == -2 || ttl == -2) {
      return Outcome.malformed("bad number", get(f, "len") + " " + get(f, "ttl"));
    }
    long nanos = stamps.nanos();
    if (protocol == Protocol.ICMP) {
      if (dp > 255 || sp > 255) {
        return Outcome.malformed("bad icmp type", String.valueOf(dp));
      }
      if (!ProbeRules.isEchoRequest(dp, !IpAddresses.isV4(s[0], s[1]))) {
        return ProbeRules.ICMP_NOT_ECHO;
      }
      return Outcome.probe(
          new Probe(nanos, s[0], s[1], sp, d[0], d[1], 8, protocol, -1, len, ttl, "", null));
    }
    int flags = -1;
    if (protocol == Protocol.TCP && get(f, "flags") != null) {
      flags = ProbeRules.parseFlags(get(f, "flags"));
      if (flags == ProbeRules.INVALID) {
        return Outcome.malformed("bad tcp flags", get(f, "flags"));
      }
      Skip no = ProbeRules.tcp(flags);
      if (no != null) {
        return no;
      }
    }
    return Outcome.probe(
        new Probe(nanos, s[0], s[1], sp, d[0], d[1], dp, protocol, flags, len, ttl, "", null));
  }

  private String get(List<String> f, String name) {
    Integer i = index.get(name);
    return i == null || i >= f.size() ? null : f.get(i);
  }

  /** An optional number: -1 when absent or empty, -2 when unreadable. */
  private static int optional(String text, int max) {
    if (text == null || text.isBlank() || text.trim().equals("-")) {
      return -1;
    }
    int n = Fields.number(text, max);
    return n < 0 ? -2 : n;
  }

  private static List<String> lower(List<String> f) {
    List<String> out = new ArrayList<>(f.size());
    for (String s : f) {
      out.add(s.trim().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /** Tab-separated when the line has a tab, else comma-separated with double quotes. */
  static List<String> split(String line) {
    if (line.indexOf('\t') >= 0) {
      return Fields.split(line, '\t', 1024);
    }
    List<String> out = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length() && out.size() < 1024; i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          sb.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          sb.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(sb.toString());
        sb.setLength(0);
      } else {
        sb.append(c);
      }
    }
    out.add(sb.toString());
    return out;
  }
}

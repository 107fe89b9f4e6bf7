package org.stormwatch.core.logs;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Tells the log format from the first non-empty lines of a file (up to {@link #SAMPLE_LINES}).
 * Header lines decide at once ({@code #separator} or {@code #fields} of Zeek, {@code #Fields:} or
 * {@code #Software} of a Windows firewall log, a DShield JSON document, a CSV header naming the
 * columns); otherwise each format counts the sample lines it recognises and the most wins, ties
 * going to the earlier format in {@link LogFormat}. A sample of syslog lines none of which is a
 * firewall entry (a busy syslog with the firewall lines further down) is read as netfilter, whose
 * parser skips the other lines; {@code --input-format} overrides all of this.
 */
final class FormatDetector {
  static final int SAMPLE_LINES = 50;

  private FormatDetector() {}

  /** The format, or null when no known format fits. */
  static LogFormat detect(List<String> sample, LogOptions options) {
    if (sample.isEmpty()) {
      return null;
    }
    String first = sample.get(0);
    if (DshieldJsonReader.looksLike(first)) {
      return LogFormat.DSHIELD_JSON;
    }
    if (ColumnsParser.headerColumns(first) != null) {
      return LogFormat.CSV;
    }
    Map<LogFormat, Integer> score = new EnumMap<>(LogFormat.class);
    boolean syslog = false;
    Stamps stamps = new Stamps(options);
    for (String line : sample) {
      if (line.startsWith("#")) {
        if (ZeekConnParser.looksLike(line)) {
          return LogFormat.ZEEK;
        }
        if (PfirewallParser.looksLike(line)) {
          return LogFormat.PFIREWALL;
        }
        continue;
      }
      if (NetfilterParser.looksLike(line)) {
        score.merge(LogFormat.NETFILTER, 1, Integer::sum);
      } else if (CiscoParser.looksLike(line)) {
        score.merge(LogFormat.CISCO, 1, Integer::sum);
      } else if (PfParser.looksLike(line)) {
        score.merge(LogFormat.PF, 1, Integer::sum);
      } else if (DshieldLineParser.looksLike(line)) {
        score.merge(LogFormat.DSHIELD, 1, Integer::sum);
      } else if (ZeekConnParser.looksLike(line)) {
        score.merge(LogFormat.ZEEK, 1, Integer::sum);
      } else if (SuricataEveParser.looksLike(line)) {
        score.merge(LogFormat.SURICATA, 1, Integer::sum);
      } else if (!line.startsWith("{")
          && stamps.parse(line, 0, line.length())
          && stamps.end() < line.length()
          && line.charAt(stamps.end()) == ' ') {
        syslog = true;
      }
    }
    LogFormat best = null;
    int bestScore = 0;
    for (Map.Entry<LogFormat, Integer> e : score.entrySet()) {
      if (e.getValue() > bestScore) {
        best = e.getKey();
        bestScore = e.getValue();
      }
    }
    if (best == null && syslog) {
      return LogFormat.NETFILTER;
    }
    return best;
  }
}

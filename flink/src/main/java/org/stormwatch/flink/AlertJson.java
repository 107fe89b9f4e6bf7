package org.stormwatch.flink;

import java.util.Locale;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.detect.Counts;
import org.stormwatch.core.detect.Explanation;

/**
 * The JSON lines the job writes: alerts with the fields of {@code stormwatch detect --format
 * jsonl}, and port-report rows with those of {@code stormwatch report --format jsonl}.
 */
final class AlertJson {
  private AlertJson() {}

  static String line(Alert a) {
    StringBuilder sb = new StringBuilder("{");
    sb.append("\"kind\":").append(quote(a.kind()));
    sb.append(",\"method\":").append(quote(a.method()));
    sb.append(",\"port\":").append(a.port());
    sb.append(",\"protocol\":").append(quote(a.protocol().label()));
    sb.append(",\"onset\":").append(quote(a.onset().toString()));
    sb.append(",\"detected\":").append(quote(a.detected().toString()));
    sb.append(",\"last\":").append(quote(a.last().toString()));
    sb.append(",\"score\":").append(number(a.score()));
    sb.append(',').append(counts(a.surge()));
    sb.append(",\"baseline\":{").append(counts(a.baseline())).append('}');
    sb.append(",\"ratio\":").append(number(a.ratio()));
    sb.append(",\"trend\":").append(quote(a.trend().label()));
    sb.append(",\"explanation\":[");
    for (int i = 0; i < a.explanation().size(); i++) {
      Explanation e = a.explanation().get(i);
      sb.append(i > 0 ? "," : "")
          .append("{\"feature\":")
          .append(quote(e.feature().label()))
          .append(",\"value\":")
          .append(quote(e.value()))
          .append(",\"share\":")
          .append(number(e.share()))
          .append(",\"baseline_share\":")
          .append(number(e.baselineShare()))
          .append('}');
    }
    return sb.append("],\"summary\":").append(quote(a.summary())).append('}').toString();
  }

  static String line(PortActivity r) {
    return "{\"start\":"
        + quote(r.start().toString())
        + ",\"port\":"
        + r.port()
        + ",\"protocol\":"
        + quote(r.protocol().label())
        + ",\"records\":"
        + r.records()
        + ",\"sources\":"
        + r.sources()
        + ",\"targets\":"
        + r.targets()
        + "}";
  }

  private static String counts(Counts c) {
    return "\"records\":"
        + number(c.records())
        + ",\"sources\":"
        + number(c.sources())
        + ",\"targets\":"
        + number(c.targets());
  }

  private static String number(double v) {
    if (!Double.isFinite(v)) {
      return "null";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** RFC 8259 section 7 string quoting. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c < 0x20) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}

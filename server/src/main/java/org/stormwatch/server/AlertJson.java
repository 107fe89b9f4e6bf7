package org.stormwatch.server;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.detect.Counts;
import org.stormwatch.core.detect.Explanation;

/**
 * An alert as JSON, with the fields and number style of {@code stormwatch detect --format jsonl}:
 * kind, method, port, protocol, onset, detected, last, score, records, sources, targets, baseline
 * {records, sources, targets}, ratio, trend, explanation [{feature, value, share, baseline_share}],
 * summary. Whole numbers print without a fraction, others with four decimals, non-finite ones as
 * null.
 */
final class AlertJson {
  private AlertJson() {}

  static Map<String, Object> of(Alert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", a.kind());
    m.put("method", a.method());
    m.put("port", a.port());
    m.put("protocol", a.protocol().label());
    m.put("onset", a.onset().toString());
    m.put("detected", a.detected().toString());
    m.put("last", a.last().toString());
    m.put("score", number(a.score()));
    counts(a.surge(), m);
    Map<String, Object> baseline = new LinkedHashMap<>();
    counts(a.baseline(), baseline);
    m.put("baseline", baseline);
    m.put("ratio", number(a.ratio()));
    m.put("trend", a.trend().label());
    List<Map<String, Object>> explanation = new ArrayList<>();
    for (Explanation e : a.explanation()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("feature", e.feature().label());
      x.put("value", e.value());
      x.put("share", number(e.share()));
      x.put("baseline_share", number(e.baselineShare()));
      explanation.add(x);
    }
    m.put("explanation", explanation);
    m.put("summary", a.summary());
    return m;
  }

  private static void counts(Counts c, Map<String, Object> m) {
    m.put("records", number(c.records()));
    m.put("sources", number(c.sources()));
    m.put("targets", number(c.targets()));
  }

  /** Whole numbers as longs, others rounded to four decimals; JSON has no NaN or infinity. */
  static Number number(double v) {
    if (!Double.isFinite(v)) {
      return null;
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return (long) v;
    }
    return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_EVEN);
  }
}

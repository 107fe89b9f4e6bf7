package org.stormwatch.core.detect;

import static org.stormwatch.core.model.JsonText.number;
import static org.stormwatch.core.model.JsonText.quote;

/**
 * One alert as one JSON object, the same wherever alerts go out (the {@code detect} command, the
 * server's API and webhook, a stream processor's alert topic): kind, method, port, protocol, onset,
 * detected, last, score, records, sources, targets, scanners, bucket_sums, baseline, ratio, trend,
 * explanation, summary.
 *
 * <p>{@code sources} and {@code targets} are the surge's distinct ones when its reach was counted,
 * and otherwise sums of per-bucket distinct counts; {@code bucket_sums} always holds the sums,
 * which are what {@code baseline} and {@code ratio} compare. {@code scanners} is null when not
 * counted.
 */
public final class AlertJson {
  private AlertJson() {}

  public static String of(Alert a) {
    Reach reach = a.reach();
    StringBuilder sb = new StringBuilder("{");
    sb.append("\"kind\":").append(quote(a.kind()));
    sb.append(",\"method\":").append(quote(a.method()));
    sb.append(",\"port\":").append(a.port());
    sb.append(",\"protocol\":").append(quote(a.protocol().label()));
    sb.append(",\"onset\":").append(quote(a.onset().toString()));
    sb.append(",\"detected\":").append(quote(a.detected().toString()));
    sb.append(",\"last\":").append(quote(a.last().toString()));
    sb.append(",\"score\":").append(number(a.score()));
    sb.append(",\"records\":").append(number(a.surge().records()));
    sb.append(",\"sources\":")
        .append(reach.known() ? Long.toString(reach.sources()) : number(a.surge().sources()));
    sb.append(",\"targets\":")
        .append(reach.known() ? Long.toString(reach.targets()) : number(a.surge().targets()));
    sb.append(",\"scanners\":")
        .append(reach.scanners() >= 0 ? Long.toString(reach.scanners()) : "null");
    sb.append(",\"bucket_sums\":{").append(counts(a.surge())).append('}');
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

  private static String counts(Counts c) {
    return "\"records\":"
        + number(c.records())
        + ",\"sources\":"
        + number(c.sources())
        + ",\"targets\":"
        + number(c.targets());
  }
}

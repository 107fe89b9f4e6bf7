package org.stormwatch.core.detect;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stormwatch.core.aggregate.BucketSize;

/**
 * The one-sentence summary of an alert, in the manner of the Internet Storm Center's 2002 note:
 * {@code 137/udp: 68,725 sources, 284,693 targets since 2002-09-28 (31x baseline); 98% of probes
 * are forged lookups with the broadcast bit set and a source port of 1025 or higher (baseline 1%);
 * NBSTAT query for * (98%, baseline 0%)}. At most three feature clauses; a forged-lookup clause
 * stands for the broadcast-bit and source-port clauses it implies, and an NBNS question type and
 * name are told together.
 */
public final class AlertSummary {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final int MAX_CLAUSES = 3;

  private AlertSummary() {}

  /** The sentence for a surge on {@code portLabel} (e.g. {@code 137/udp}), reach not counted. */
  public static String sentence(
      String portLabel,
      Instant onset,
      BucketSize bucket,
      Counts surge,
      Counts baseline,
      List<Explanation> explanation) {
    return sentence(portLabel, onset, bucket, surge, baseline, explanation, Reach.UNKNOWN);
  }

  /**
   * The sentence for a surge on {@code portLabel}. With its reach counted, the sources and targets
   * are the surge's distinct ones and a last clause tells how many sources are scanners; without,
   * they are sums of per-bucket distinct counts. The multiple of the baseline always compares
   * per-bucket sums, as the baseline is one.
   */
  public static String sentence(
      String portLabel,
      Instant onset,
      BucketSize bucket,
      Counts surge,
      Counts baseline,
      List<Explanation> explanation,
      Reach reach) {
    StringBuilder sb = new StringBuilder(portLabel).append(": ");
    sb.append(
        String.format(
            Locale.ROOT,
            "%,d sources, %,d targets since ",
            reach.known() ? reach.sources() : Math.round(surge.sources()),
            reach.known() ? reach.targets() : Math.round(surge.targets())));
    sb.append((bucket == BucketSize.DAY ? DAY : HOUR).format(onset));
    sb.append(" (")
        .append(multiple(surge.sources() / Math.max(baseline.sources(), 1e-9)))
        .append(" baseline)");
    Map<Feature, Explanation> byFeature = new EnumMap<>(Feature.class);
    for (Explanation e : explanation) {
      byFeature.put(e.feature(), e);
    }
    List<Explanation> ordered = new ArrayList<>(explanation);
    // The forged verdict first: it tells the broadcast bit and the source port at once.
    ordered.sort(Comparator.comparing(e -> e.feature() != Feature.NBNS_FORGED));
    List<String> clauses = new ArrayList<>();
    for (Explanation e : ordered) {
      if (!byFeature.containsKey(e.feature())) {
        continue; // told already, within another clause
      }
      String clause = clause(e, byFeature, clauses.isEmpty() ? " of probes " : " ");
      if (clause != null) {
        clauses.add(clause);
      }
      if (clauses.size() == MAX_CLAUSES) {
        break;
      }
    }
    for (int i = 0; i < clauses.size(); i++) {
      sb.append("; ").append(clauses.get(i));
    }
    if (reach.known() && reach.scanners() >= 0) {
      sb.append("; ").append(scanners(reach));
    }
    return sb.toString();
  }

  /** The clause for one explanation, removing what it tells from {@code left}. */
  private static String clause(Explanation e, Map<Feature, Explanation> left, String of) {
    left.remove(e.feature());
    String v = e.value();
    switch (e.feature()) {
      case NBNS_FORGED:
        if (!v.equals("forged")) {
          return null;
        }
        left.remove(Feature.NBNS_BROADCAST);
        Explanation port = left.get(Feature.SOURCE_PORT);
        if (port != null
            && (port.value().equals("1024-4999") || port.value().equals("5000 and up"))) {
          left.remove(Feature.SOURCE_PORT);
        }
        return shares(
            e,
            of,
            "are forged lookups with the broadcast bit set and a source port of 1025 or higher");
      case NBNS_QUERY_TYPE:
        Explanation name = left.remove(Feature.NBNS_NAME);
        if (name != null) {
          return v
              + " query for "
              + name.value()
              + " ("
              + percent(e.share())
              + ", baseline "
              + percent(e.baselineShare())
              + ")";
        }
        return shares(e, of, "are " + v + " queries");
      case NBNS_NAME:
        return shares(e, of, "ask for the name " + v);
      case NBNS_BROADCAST:
        return shares(e, of, "have the broadcast bit " + v);
      case NBNS_PROBABLE_WILDCARD:
        return v.equals("yes") ? shares(e, of, "have the length of a wildcard NBSTAT query") : null;
      case SOURCE_PORT:
        return shares(
            e,
            of,
            "have a source port "
                + (v.startsWith("equal") || v.startsWith("below") ? v : "of " + v));
      case TCP_FLAGS:
        return shares(e, of, "have TCP flags " + v);
      case IP_LENGTH:
        return shares(e, of, "have an IP length of " + v + " bytes");
      default:
        return shares(e, of, "have a TTL of " + (v.equals("<=32") ? "32 or less" : v));
    }
  }

  private static String scanners(Reach reach) {
    if (reach.scanners() == 0) {
      return "none of the sources probed enough here to count as a scanner";
    }
    String share =
        reach.sources() > 0 ? percent(reach.scanners() / (double) reach.sources()) : "0%";
    return String.format(
        Locale.ROOT,
        "%,d of the sources (%s) %s",
        reach.scanners(),
        share,
        reach.scanners() == 1 ? "is a scanner" : "are scanners");
  }

  private static String shares(Explanation e, String of, String phrase) {
    return percent(e.share()) + of + phrase + " (baseline " + percent(e.baselineShare()) + ")";
  }

  /**
   * A share as a whole percentage that never rounds a non-zero share to 0% or a partial one to
   * 100%.
   */
  static String percent(double share) {
    long p = Math.round(share * 100);
    if (p == 0 && share > 0) {
      return "<1%";
    }
    if (p == 100 && share < 1) {
      return ">99%";
    }
    return p + "%";
  }

  /** {@code 31x}, {@code 2.5x}. */
  static String multiple(double ratio) {
    return ratio >= 10
        ? String.format(Locale.ROOT, "%,dx", Math.round(ratio))
        : String.format(Locale.ROOT, "%.1fx", ratio);
  }
}

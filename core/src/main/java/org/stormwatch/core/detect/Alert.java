package org.stormwatch.core.detect;

import java.time.Instant;
import java.util.List;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.model.Protocol;

/**
 * A surge on one port, with its evidence. One alert per surge.
 *
 * @param kind always {@code surge} for now
 * @param method {@code default} or {@code isc}
 * @param onset the start of the surge's first bucket (estimated backwards from the detection)
 * @param detected the start of the bucket in which it was detected
 * @param last the start of the surge's last elevated bucket in the input
 * @param score the detection bucket's score (default: -log10 of the tail probability of its source
 *     count; isc: ISC's trend score)
 * @param surge records, sources, targets summed over the surge's buckets, from onset to last
 * @param baseline what the baseline expected over the same buckets
 * @param trend where the surge is going at the end of the input
 * @param explanation the features that set it apart, most telling first
 * @param summary one sentence for people
 * @param reach distinct sources and targets over the whole surge and the scanners among them, when
 *     counted ({@link Reach#UNKNOWN} otherwise)
 */
public record Alert(
    String kind,
    String method,
    int port,
    Protocol protocol,
    Instant onset,
    Instant detected,
    Instant last,
    double score,
    Counts surge,
    Counts baseline,
    Trend trend,
    List<Explanation> explanation,
    String summary,
    Reach reach) {
  public Alert {
    if (onset.isAfter(detected) || detected.isAfter(last)) {
      throw new IllegalArgumentException(
          "need onset <= detected <= last: " + onset + ", " + detected + ", " + last);
    }
    explanation = List.copyOf(explanation);
    if (reach == null) {
      throw new IllegalArgumentException("reach is required (Reach.UNKNOWN when not counted)");
    }
  }

  /** This alert with its reach counted, the summary telling the distinct counts and scanners. */
  public Alert withReach(Reach newReach, BucketSize bucket) {
    String sentence =
        AlertSummary.sentence(portLabel(), onset, bucket, surge, baseline, explanation, newReach);
    return new Alert(
        kind,
        method,
        port,
        protocol,
        onset,
        detected,
        last,
        score,
        surge,
        baseline,
        trend,
        explanation,
        sentence,
        newReach);
  }

  /** {@code 137/udp}. */
  public String portLabel() {
    return port + "/" + protocol.label();
  }

  /** Sources over the surge as a multiple of the baseline's. */
  public double ratio() {
    return surge.sources() / Math.max(baseline.sources(), 1e-9);
  }
}

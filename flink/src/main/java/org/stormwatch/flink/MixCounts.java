package org.stormwatch.flink;

import java.util.Map;
import org.stormwatch.core.model.Protocol;

/**
 * Fingerprint source counts of one protocol and bucket for the pooled quiet-port mix: either a
 * cell's change (a delta, some counts negative when a late probe made a quiet cell busy) on its way
 * to the mix operator, or the bucket's pooled sums on their way to detection.
 *
 * @param bucket the bucket's index (its start divided by the bucket length)
 * @param counts per fingerprint value ({@code kind=value}), distinct sources
 */
record MixCounts(Protocol protocol, long bucket, Map<String, Long> counts) {
  /** The broadcast state's key: bucket and protocol in one long. */
  long stateKey() {
    return bucket << 2 | protocol.ordinal();
  }
}

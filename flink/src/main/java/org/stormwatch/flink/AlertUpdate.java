package org.stormwatch.flink;

import java.time.Instant;
import org.stormwatch.core.model.Protocol;

/**
 * An alert as the job emits it: a new alert, or a later version of one (its surge went on, its
 * trend changed). Sinks keep the latest version per {@link #key()}: port, protocol and detection
 * bucket, which never change once an alert is raised.
 *
 * @param json the alert as one JSON object, as {@code stormwatch detect --format jsonl} writes it
 */
record AlertUpdate(
    int port,
    Protocol protocol,
    Instant onset,
    Instant detected,
    Instant last,
    double score,
    double surgeSources,
    String json) {

  /** {@code 137/udp@2002-09-28T00:00:00Z}. */
  String key() {
    return port + "/" + protocol.label() + "@" + detected;
  }
}

package org.stormwatch.flink;

import java.time.Instant;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.model.Protocol;

/**
 * An alert as the job emits it: a new alert, or a later version of one (its surge went on, its
 * trend changed). Sinks keep the latest version per {@link #key()}: port, protocol and detection
 * bucket, which never change once an alert is raised (nor does its onset, the store's key).
 *
 * @param alert the alert, whole, as core's detector made it
 * @param json the alert as one JSON object, as {@code stormwatch detect --format jsonl} writes it
 */
record AlertUpdate(Alert alert, String json) {

  AlertUpdate(Alert alert) {
    this(alert, AlertJson.line(alert));
  }

  /** {@code 137/udp@2002-09-28T00:00:00Z}. */
  String key() {
    return port() + "/" + protocol().label() + "@" + detected();
  }

  int port() {
    return alert.port();
  }

  Protocol protocol() {
    return alert.protocol();
  }

  Instant onset() {
    return alert.onset();
  }

  Instant detected() {
    return alert.detected();
  }

  Instant last() {
    return alert.last();
  }

  double score() {
    return alert.score();
  }

  double surgeSources() {
    return alert.surge().sources();
  }
}

package org.stormwatch.store;

import java.time.Instant;
import org.stormwatch.core.model.Protocol;

/**
 * One alert's pending delivery to one sink, from the outbox.
 *
 * @param seq the delivery's number, in the order deliveries were queued
 * @param kind the alert's kind
 * @param port the alert's port
 * @param protocol the alert's protocol
 * @param onset the alert's onset
 * @param sink the sink's name
 * @param summary the alert's one-line summary
 * @param payload the text to deliver, as it was when the alert was new
 * @param attempts failed attempts so far
 * @param lastError the last failure, or null
 */
public record Delivery(
    long seq,
    String kind,
    int port,
    Protocol protocol,
    Instant onset,
    String sink,
    String summary,
    String payload,
    int attempts,
    String lastError) {

  /** The alert's identity, the same for each of its sinks: {@code kind/port/protocol/onset}. */
  public String alertId() {
    return kind + "/" + port + "/" + protocol.label() + "/" + onset;
  }
}

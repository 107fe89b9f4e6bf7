package org.stormwatch.server;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stormwatch.store.Delivery;
import org.stormwatch.store.History;

/**
 * The delivery loop over the store's alert outbox: on one thread, every {@code poll} and whenever
 * woken (new alerts queued), it takes the pending deliveries that are due, in the order they were
 * queued, and tries each once; a success is marked delivered, a failure is counted and tried again
 * after an exponential backoff ({@code base} doubled per failed attempt, at most {@link
 * #MAX_BACKOFF}), without end: a sink that is down gets the alerts when it is back, in their order
 * (a sink that failed is not tried again in the same round, so a later alert never overtakes an
 * earlier one). The outbox is in the store, so pending deliveries survive a restart.
 *
 * <p>Once per sink: a delivery is marked in the store right after the sink accepted it. A crash in
 * between sends it again after the restart (at least once; the webhook's {@code Idempotency-Key}
 * lets a receiver drop that repeat).
 */
final class AlertDelivery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
  private static final int BATCH = 100;

  private final History history;
  private final AlertSinks sinks;
  private final Metrics metrics;
  private final Duration base;
  private final Duration poll;
  private final TaskThread thread =
      new TaskThread("stormwatch-alerts", "alert delivery", this::runSafely);

  AlertDelivery(History history, AlertSinks sinks, Metrics metrics, Duration base) {
    this.history = history;
    this.sinks = sinks;
    this.metrics = metrics;
    this.base = base;
    this.poll = base.compareTo(Duration.ofSeconds(1)) < 0 ? base : Duration.ofSeconds(1);
  }

  void start() {
    unconfiguredPending()
        .forEach(
            (sink, n) ->
                LOG.warn(
                    "alert outbox: {} deliveries to the {} sink are pending, and this server has"
                        + " no {} sink: they are kept, and go out once it is configured again",
                    n,
                    sink,
                    sink));
    if (sinks.names().isEmpty()) {
      return;
    }
    thread.every(poll);
  }

  /**
   * Pending deliveries to sinks this server was not given (configured on an earlier run, removed
   * since), by sink: the outbox keeps them rather than dropping alerts nobody received.
   */
  Map<String, Long> unconfiguredPending() {
    Map<String, Long> out = new TreeMap<>();
    if (history == null) {
      return out;
    }
    List<String> configured = sinks.names();
    String suffix = " pending";
    history
        .deliveryCounts()
        .forEach(
            (key, n) -> {
              if (key.endsWith(suffix) && n > 0) {
                String sink = key.substring(0, key.length() - suffix.length());
                if (!configured.contains(sink)) {
                  out.put(sink, n);
                }
              }
            });
    return out;
  }

  /** New deliveries were queued: look now rather than at the next poll. */
  void wake() {
    if (!sinks.names().isEmpty()) {
      thread.wake();
    }
  }

  /** Runs one round now on the loop's thread and waits for it (tests). */
  void runOnce() {
    thread.runNow();
  }

  private void runSafely() {
    try {
      round();
    } catch (RuntimeException e) {
      // The store failed: nothing was marked, the next round tries again.
      LOG.error("alert delivery: {}", e.toString());
    }
  }

  private void round() {
    List<String> names = sinks.names();
    Set<String> failed = new HashSet<>();
    while (true) {
      Instant now = Instant.now();
      List<Delivery> due = history.dueDeliveries(names, now, BATCH);
      boolean progressed = false;
      for (Delivery d : due) {
        if (failed.contains(d.sink())) {
          continue;
        }
        try {
          sinks.deliver(d);
        } catch (IOException | RuntimeException e) {
          failed.add(d.sink());
          Duration wait = backoff(d.attempts() + 1);
          String why = e.getMessage() == null ? e.toString() : e.getMessage();
          history.deliveryFailed(d, why, Instant.now().plus(wait));
          metrics.delivery(d.sink(), false);
          LOG.warn(
              "alert {} not delivered to {} (attempt {}): {}; next try in {} ms",
              d.alertId(),
              d.sink(),
              d.attempts() + 1,
              why,
              wait.toMillis());
          continue;
        }
        history.delivered(d, Instant.now());
        metrics.delivery(d.sink(), true);
        progressed = true;
      }
      if (due.size() < BATCH || !progressed) {
        return;
      }
    }
  }

  /** The wait after the n-th failed attempt: base * 2^(n-1), at most {@link #MAX_BACKOFF}. */
  Duration backoff(int failedAttempts) {
    int shift = Math.max(failedAttempts - 1, 0);
    long max = MAX_BACKOFF.toMillis();
    long b = Math.max(1, base.toMillis());
    return shift >= 62 || b > (max >> shift) ? MAX_BACKOFF : Duration.ofMillis(b << shift);
  }

  @Override
  public void close() {
    thread.close();
  }
}

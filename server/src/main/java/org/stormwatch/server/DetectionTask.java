package org.stormwatch.server;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.detect.DetectionMethod;
import org.stormwatch.core.detect.DetectionReport;
import org.stormwatch.core.detect.DetectionSettings;
import org.stormwatch.core.detect.Detector;
import org.stormwatch.store.History;
import org.stormwatch.store.PortQuery;

/**
 * Detection as day buckets close. Time here is probe time, not the wall clock (sensors may submit
 * old logs): a day is closed once a stored probe is at least {@code lateness} past its end. When a
 * newer day has closed, core's detector runs over the stored day activity up to the end of the
 * newest closed day, with the stored feature histograms for explanations; the alerts are saved, and
 * for those the store did not hold before (by kind, port, protocol and onset) a delivery per sink
 * is queued in the store's outbox in the same transaction; {@link AlertDelivery} sends them. A
 * surge that goes on keeps its onset and is not queued again; after a restart the first run finds
 * the stored alerts and queues nothing twice.
 */
final class DetectionTask implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DetectionTask.class);
  static final BucketSize BUCKET = BucketSize.DAY;

  private final History history;
  private final List<String> sinks;
  private final Runnable queued;
  private final Metrics metrics;
  private final long latenessNanos;
  private final Duration every;
  private final AtomicLong newestNanos = new AtomicLong(Long.MIN_VALUE);
  private final TaskThread thread;
  private long detectedUpTo = Long.MIN_VALUE; // end of the newest closed day judged, seconds

  DetectionTask(
      History history,
      List<String> sinks,
      Runnable queued,
      Metrics metrics,
      Duration lateness,
      Duration every) {
    this.history = history;
    this.sinks = List.copyOf(sinks);
    this.queued = queued;
    this.metrics = metrics;
    this.latenessNanos = lateness.toNanos();
    this.every = every;
    this.thread = new TaskThread("stormwatch-detection", "detection", this::runIfClosed);
  }

  /** Learns the newest stored probe time from the store, then checks every {@code every}. */
  void start() {
    for (PortActivity a : history.portActivity(PortQuery.all(BucketSize.HOUR))) {
      // An hour row tells its start only: take it, the earliest the newest probe can be.
      newestNanos.accumulateAndGet(a.start().getEpochSecond() * 1_000_000_000L, Math::max);
    }
    thread.every(every);
  }

  /** A submission stored probes up to this time. */
  void stored(long maxTimeNanos) {
    newestNanos.accumulateAndGet(maxTimeNanos, Math::max);
  }

  /** The newest probe time stored, or null when none. */
  Instant newest() {
    long n = newestNanos.get();
    return n == Long.MIN_VALUE
        ? null
        : Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
  }

  private void runIfClosed() {
    long newest = newestNanos.get();
    if (newest == Long.MIN_VALUE) {
      return;
    }
    // The end of the newest closed day: the start of the day holding (newest - lateness).
    long closedEnd = BUCKET.startOf(newest - latenessNanos);
    if (closedEnd > detectedUpTo) {
      detect(Instant.ofEpochSecond(closedEnd));
      detectedUpTo = closedEnd;
    }
  }

  /** Runs detection now over every closed day, on the task's thread; waits for it. */
  void runOnce() {
    thread.runNow();
  }

  private void detect(Instant end) {
    List<PortActivity> rows = history.portActivity(new PortQuery(null, null, null, end, BUCKET));
    DetectionReport report =
        Detector.run(
            rows,
            BUCKET,
            history.features(BUCKET),
            DetectionMethod.DEFAULT,
            DetectionSettings.forBucket(BUCKET));
    List<Alert> alerts = history.withReach(report.alerts(), BUCKET);
    List<Alert> fresh = history.saveAlerts(alerts, sinks, AlertSinks::payload);
    LOG.info("detection up to {}: {} alerts, {} new", end, report.alerts().size(), fresh.size());
    if (!fresh.isEmpty()) {
      metrics.alertsSent(fresh.size());
      queued.run();
    }
  }

  @Override
  public void close() {
    thread.close();
  }
}

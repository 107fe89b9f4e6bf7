package org.stormwatch.server;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named daemon thread that runs a background task's round: on a fixed delay, when woken, or on
 * demand (tests, the end of a bulk load). A round that fails on the timer is logged and the next
 * one tries again; rounds never overlap, since they all run on this thread.
 */
final class TaskThread implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskThread.class);

  private final String what;
  private final Runnable round;
  private final ScheduledExecutorService timer;
  private ScheduledFuture<?> scheduled;

  /**
   * @param threadName the thread's name, as seen in thread dumps
   * @param what what a round does, for the log and errors ("detection", "alert delivery")
   */
  TaskThread(String threadName, String what, Runnable round) {
    this.what = what;
    this.round = round;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
  }

  /** Runs a round now, then again {@code every} after each one ends. */
  void every(Duration every) {
    long ms = Math.max(1, every.toMillis());
    scheduled = timer.scheduleWithFixedDelay(this::runLogged, 0, ms, TimeUnit.MILLISECONDS);
  }

  /** Runs a round soon, without waiting for it. */
  void wake() {
    if (!timer.isShutdown()) {
      timer.execute(this::runLogged);
    }
  }

  /**
   * Runs a round on this thread and waits for it.
   *
   * @throws IllegalStateException when the round failed
   */
  void runNow() {
    try {
      timer.submit(round).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    }
  }

  private void runLogged() {
    try {
      round.run();
    } catch (RuntimeException e) {
      LOG.error("{} failed: {}", what, e.toString());
    }
  }

  @Override
  public void close() {
    if (scheduled != null) {
      scheduled.cancel(false);
    }
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package org.stormwatch.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests per second per sensor, as a token bucket (capacity = one second's worth of requests, at
 * least one): a sensor may burst up to its rate, then gets one request per {@code 1/rate} seconds.
 * Each sensor has its own bucket, so one busy sensor never slows the others.
 */
final class RateLimiter {
  private final double perSecond;
  private final double capacity;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param perSecond requests per second per sensor; 0 or less for no limit
   */
  RateLimiter(double perSecond, LongSupplier nanoClock) {
    this.perSecond = perSecond;
    this.capacity = Math.max(1, perSecond);
    this.nanoClock = nanoClock;
  }

  /** Takes one token from the sensor's bucket, or returns false when it is empty. */
  boolean tryAcquire(String sensor) {
    if (perSecond <= 0) {
      return true;
    }
    Bucket b = buckets.computeIfAbsent(sensor, k -> new Bucket(capacity, nanoClock.getAsLong()));
    synchronized (b) {
      long now = nanoClock.getAsLong();
      b.tokens = Math.min(capacity, b.tokens + (now - b.last) * perSecond / 1e9);
      b.last = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return true;
      }
      return false;
    }
  }

  private static final class Bucket {
    double tokens;
    long last;

    Bucket(double tokens, long last) {
      this.tokens = tokens;
      this.last = last;
    }
  }
}

package org.stormwatch.core.aggregate;

import java.time.Duration;
import java.util.Locale;

/** The width of a UTC-aligned time bucket: a day (ISC's report) or an hour. */
public enum BucketSize {
  HOUR(3600),
  DAY(86_400);

  private final long seconds;

  BucketSize(long seconds) {
    this.seconds = seconds;
  }

  public long seconds() {
    return seconds;
  }

  public Duration duration() {
    return Duration.ofSeconds(seconds);
  }

  /** The start, in epoch seconds, of the bucket holding the given instant. */
  public long startOf(long timeNanos) {
    return Math.floorDiv(Math.floorDiv(timeNanos, 1_000_000_000L), seconds) * seconds;
  }

  /** {@code 1h}, {@code 1d}, as users write them. */
  public String label() {
    return this == HOUR ? "1h" : "1d";
  }

  /**
   * @throws IllegalArgumentException naming the value when it is neither {@code 1h} nor {@code 1d}
   */
  public static BucketSize parse(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "1h":
      case "hour":
        return HOUR;
      case "1d":
      case "day":
        return DAY;
      default:
        throw new IllegalArgumentException("unknown bucket '" + text + "' (expected 1d or 1h)");
    }
  }
}

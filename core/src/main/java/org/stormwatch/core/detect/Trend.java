package org.stormwatch.core.detect;

import java.util.Locale;

/** Where a surge is going, judged on its last buckets. */
public enum Trend {
  RISING,
  STEADY,
  FALLING,
  /** The surge has ended: its last buckets are back at the baseline. */
  OVER;

  /** {@code rising}, {@code steady}, {@code falling}, {@code over}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

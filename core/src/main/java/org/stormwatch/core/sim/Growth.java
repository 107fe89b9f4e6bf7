package org.stormwatch.core.sim;

import java.util.Locale;

/**
 * How an outbreak's new sources per day grow after its onset, as a fraction of the peak, {@code t}
 * days after the onset and {@code r} the rate per day. Every curve but {@link #STEP} starts at 1%
 * of the peak, so the onset is where the first outbreak probes appear, not where they become
 * visible above the background.
 */
public enum Growth {
  /** {@code 1 / (1 + 99 e^(-r t))}: a worm filling its vulnerable population. */
  LOGISTIC,
  /** {@code min(1, 0.01 e^(r t))}: unchecked spreading, cut at the peak. */
  EXPONENTIAL,
  /** {@code min(1, 0.01 + r t)}: a slow ramp ({@code r} is the share of the peak added a day). */
  LINEAR,
  /** {@code 1}: all at once, like a new scanning campaign. */
  STEP;

  /** The fraction of the peak reached {@code days} after the onset (0 before it). */
  public double fraction(double days, double rate) {
    if (days < 0) {
      return 0;
    }
    switch (this) {
      case LOGISTIC:
        return 1 / (1 + 99 * Math.exp(-rate * days));
      case EXPONENTIAL:
        return Math.min(1, 0.01 * Math.exp(rate * days));
      case LINEAR:
        return Math.min(1, 0.01 + rate * days);
      default:
        return 1;
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

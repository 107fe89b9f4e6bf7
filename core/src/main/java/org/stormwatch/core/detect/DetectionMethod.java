package org.stormwatch.core.detect;

import java.util.Locale;

/** Which detector judges the series. */
public enum DetectionMethod {
  /** {@link SurgeDetector}: robust seasonal baseline, count statistics on sources. */
  DEFAULT,
  /** {@link IscTrendDetector}: ISC's trend score, the baseline to beat. */
  ISC;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the value when it is neither default nor isc
   */
  public static DetectionMethod parse(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "default":
        return DEFAULT;
      case "isc":
        return ISC;
      default:
        throw new IllegalArgumentException(
            "unknown method '" + text + "' (expected default or isc)");
    }
  }
}

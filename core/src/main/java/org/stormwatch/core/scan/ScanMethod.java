package org.stormwatch.core.scan;

import java.util.Locale;

/** Which test flagged a scanner. */
public enum ScanMethod {
  /** Threshold Random Walk over first-contact outcomes ({@link TrwDetector}). */
  TRW,
  /**
   * Distinct targets on a port, or ports on a target, within a window ({@link WindowScanDetector}).
   */
  WINDOW;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

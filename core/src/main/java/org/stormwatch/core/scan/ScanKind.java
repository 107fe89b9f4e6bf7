package org.stormwatch.core.scan;

import java.util.Locale;

/**
 * The shape of a scan, from the distinct ports and targets a scanner touched: horizontal (one port
 * or a few, many targets: an address sweep), vertical (one target or a few, many ports: a port
 * scan), block (many ports on many targets). "A few" is {@link ScannerSettings#narrowSpread()}.
 */
public enum ScanKind {
  HORIZONTAL,
  VERTICAL,
  BLOCK;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param ports distinct destination port/protocol pairs
   * @param targets distinct destination addresses
   * @param narrow at most this many count as "a few"
   */
  static ScanKind of(int ports, int targets, int narrow) {
    if (ports <= narrow && targets <= narrow) {
      return targets >= ports ? HORIZONTAL : VERTICAL;
    }
    if (ports <= narrow) {
      return HORIZONTAL;
    }
    return targets <= narrow ? VERTICAL : BLOCK;
  }
}

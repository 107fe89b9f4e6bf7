package org.stormwatch.core.detect;

/**
 * How far a surge reached: its distinct sources and targets over the whole surge (not the sum of
 * per-bucket counts, which counts a source once a bucket), and how many of those sources the
 * scanner detector flags. Counted in a second look at the surge's probes once the detector has
 * named the surge.
 *
 * @param sources distinct sources from the onset to the end of the last bucket, or -1 if unknown
 * @param targets distinct targets over the same time, or -1 if unknown
 * @param scanners how many of the sources are scanners, or -1 if unknown
 */
public record Reach(long sources, long targets, long scanners) {
  /** Nothing counted (an input read once, such as standard input). */
  public static final Reach UNKNOWN = new Reach(-1, -1, -1);

  public Reach {
    if (sources < -1 || targets < -1 || scanners < -1 || (sources >= 0 && scanners > sources)) {
      throw new IllegalArgumentException(
          "bad reach: " + sources + " sources, " + targets + " targets, " + scanners + " scanners");
    }
  }

  public boolean known() {
    return sources >= 0;
  }
}

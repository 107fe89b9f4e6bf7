package org.stormwatch.core.scan;

/** Told by a detector when it flags a source, once per source. */
@FunctionalInterface
interface ScanAlarm {
  /**
   * @param atNanos when the evidence was complete
   * @param evidence TRW: the first contacts whose outcomes the walk used; windows: the distinct
   *     (target, port) pairs in the window
   */
  void raised(Address source, ScanMethod method, long atNanos, int evidence);
}

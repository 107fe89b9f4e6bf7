package org.stormwatch.core.scan;

/** Told by a detector when it flags a source, once per source. */
@FunctionalInterface
interface ScanAlarm {
  /**
   * @param atNanos when the evidence was complete
   * @param probesToDetection the ordinal, among the source's probes, of the last probe whose
   *     evidence the decision used
   */
  void raised(Address source, ScanMethod method, long atNanos, long probesToDetection);
}

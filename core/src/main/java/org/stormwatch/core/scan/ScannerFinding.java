package org.stormwatch.core.scan;

import java.time.Instant;
import java.util.List;

/**
 * One scanner and its evidence.
 *
 * @param source the scanning address
 * @param firstSeen its first probe in the input
 * @param detectedAt when the evidence was complete (for a timed-out first contact: its probe time
 *     plus the answer timeout)
 * @param probesToDetection the ordinal among the source's probes of the last probe whose outcome
 *     the decision used; a fast scanner has sent more by {@code detectedAt}
 * @param method the test that flagged it first
 * @param kind horizontal, vertical or block, from all its probes in the input
 * @param ports distinct destination port/protocol pairs
 * @param examplePorts the first few of them, as {@code 80/tcp}
 * @param targets distinct destination addresses
 * @param probes all its probes in the input
 * @param countsCapped whether {@code ports} or {@code targets} stopped at {@link
 *     ScannerSettings#distinctCap()} (they are then lower bounds)
 */
public record ScannerFinding(
    Address source,
    Instant firstSeen,
    Instant detectedAt,
    long probesToDetection,
    ScanMethod method,
    ScanKind kind,
    int ports,
    List<String> examplePorts,
    int targets,
    long probes,
    boolean countsCapped) {
  public ScannerFinding {
    examplePorts = List.copyOf(examplePorts);
  }
}

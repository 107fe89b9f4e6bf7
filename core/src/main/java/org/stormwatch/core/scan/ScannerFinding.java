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
 * @param probesToDetection the probes the source had sent by {@code detectedAt} (what it got away
 *     with before it was flagged)
 * @param evidence what the decision rested on: TRW, the first contacts whose outcomes the walk used
 *     (the paper's "attempts to detection"; fewer than the probes sent when a fast scanner's silent
 *     failures wait out the answer timeout); windows, the distinct (target, port) pairs counted
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
    int evidence,
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

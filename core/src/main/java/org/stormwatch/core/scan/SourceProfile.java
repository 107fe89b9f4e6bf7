package org.stormwatch.core.scan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.stormwatch.core.model.Probe;

/**
 * What one source did, for its finding: first probe, probe count, distinct ports and targets
 * (capped sets) and the first few ports; plus the detections of each test.
 */
final class SourceProfile {
  static final int EXAMPLES = 5;

  final long firstSeen;
  final CappedSet ports;
  final CappedSet targets;
  final List<String> examplePorts = new ArrayList<>(EXAMPLES);
  long probes;
  Detection trw;
  Detection window;

  record Detection(long atNanos, long probes, int evidence) {}

  SourceProfile(long firstSeen, int cap) {
    this.firstSeen = firstSeen;
    this.ports = new CappedSet(cap);
    this.targets = new CappedSet(cap);
  }

  void add(Probe p) {
    probes++;
    int portKey = TrwDetector.portKey(p.protocol(), p.dstPort());
    if (ports.add(portKey) && examplePorts.size() < EXAMPLES) {
      examplePorts.add(p.dstPort() + "/" + p.protocol().label());
    }
    targets.add(new Address(p.dstHi(), p.dstLo()).hash());
  }

  /** The finding, from the detections allowed; {@code null} when none is. */
  ScannerFinding finding(Address source, boolean trwAllowed, int narrow) {
    Detection first = trwAllowed ? trw : null;
    ScanMethod method = ScanMethod.TRW;
    if (window != null && (first == null || window.atNanos() < first.atNanos())) {
      first = window;
      method = ScanMethod.WINDOW;
    }
    if (first == null) {
      return null;
    }
    return new ScannerFinding(
        source,
        instant(firstSeen),
        instant(first.atNanos()),
        first.probes(),
        first.evidence(),
        method,
        ScanKind.of(ports.size(), targets.size(), narrow),
        ports.size(),
        examplePorts,
        targets.size(),
        probes,
        ports.saturated() || targets.saturated());
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}

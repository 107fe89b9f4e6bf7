package org.stormwatch.core.scan;

import java.time.Duration;

/**
 * The thresholds of the scanner detector, each with its trade-off.
 *
 * <p>Threshold Random Walk (Jung, Paxson, Berger, Balakrishnan 2004), used where replies are seen:
 *
 * @param benignSuccess theta0, the chance that a benign source's first contact succeeds (paper:
 *     0.8). Lower it for networks where benign clients often hit dead addresses; it slows
 *     detection.
 * @param scannerSuccess theta1, the chance that a scanner's first contact succeeds (paper: 0.2).
 *     Each failure multiplies the likelihood ratio by (1-theta1)/(1-theta0), each success by
 *     theta1/theta0.
 * @param detectionProbability P_D (paper: 0.99); with {@code falseAlarmProbability} it sets the
 *     thresholds eta1 = P_D/P_F (scanner) and eta0 = (1-P_D)/(1-P_F) (benign). A higher eta1 needs
 *     more failures (4 with the paper's values: 4^4 = 256 >= 99 > 4^3) and flags fewer benign
 *     hosts.
 * @param falseAlarmProbability P_F (paper: 0.01)
 * @param answerTimeout how long a first contact may wait for its answer (SYN-ACK, RST, UDP reply)
 *     before it counts as a failure. Longer waits tolerate slow paths and delay detection by as
 *     much; 3 s is the classic initial TCP retransmission timeout (RFC 1122), far above most round
 *     trips.
 * @param maxPendingPerSource first contacts of one source that may await an answer at once; further
 *     ones are left out of the test until some resolve. Bounds memory against very fast scanners,
 *     which are decided from their first answers anyway.
 * @param maxContactsPerSource (target, port) pairs remembered per source to tell first contacts
 *     from repeated ones; when full the memory is cleared and pairs count as new again (for a
 *     benign source mostly successes).
 *     <p>Windows (Zeek {@code scan.zeek}), used on logs of dropped packets, and on the failed first
 *     contacts where replies are seen:
 * @param window the sliding window; longer catches slower scans and holds more state
 * @param addressScanTargets distinct targets on one port within the window that make an address
 *     scan (Zeek: 25 in 5 min). Lower catches smaller sweeps and flags busy benign clients sooner.
 * @param portScanPorts distinct ports on one target within the window that make a port scan (Zeek:
 *     15 in 5 min)
 * @param maxWindowPairs distinct (target, port) pairs of one source within the window beyond which
 *     it is flagged anyway (a block scan spread thin under both thresholds); bounds per-source
 *     state
 * @param narrowSpread at most this many distinct ports (targets) still count as "one port" ("one
 *     target") when the kind of a scan is told; 4 reads nmap against 3 hosts as vertical scans
 * @param distinctCap distinct ports and targets counted exactly per source for the findings; counts
 *     stop there (and the finding says so)
 * @param maxSources sources tracked at once by each test; beyond it the least recently seen is
 *     dropped (its evidence so far is lost). Memory is about maxSources times the per-source caps
 *     in the worst case, in practice proportional to the distinct contacts within the idle timeout.
 * @param idleTimeout a source silent this long is forgotten (psad: 3600 s); must cover the window
 */
public record ScannerSettings(
    double benignSuccess,
    double scannerSuccess,
    double detectionProbability,
    double falseAlarmProbability,
    Duration answerTimeout,
    int maxPendingPerSource,
    int maxContactsPerSource,
    Duration window,
    int addressScanTargets,
    int portScanPorts,
    int maxWindowPairs,
    int narrowSpread,
    int distinctCap,
    int maxSources,
    Duration idleTimeout) {

  public ScannerSettings {
    if (!(scannerSuccess > 0 && scannerSuccess < benignSuccess && benignSuccess < 1)) {
      throw new IllegalArgumentException(
          "need 0 < scannerSuccess < benignSuccess < 1, not "
              + scannerSuccess
              + " and "
              + benignSuccess);
    }
    if (!(falseAlarmProbability > 0
        && falseAlarmProbability < detectionProbability
        && detectionProbability < 1)) {
      throw new IllegalArgumentException(
          "need 0 < falseAlarmProbability < detectionProbability < 1, not "
              + falseAlarmProbability
              + " and "
              + detectionProbability);
    }
    positive(answerTimeout, "answerTimeout");
    positive(window, "window");
    positive(idleTimeout, "idleTimeout");
    atLeastOne(maxPendingPerSource, "maxPendingPerSource");
    atLeastOne(maxContactsPerSource, "maxContactsPerSource");
    atLeastOne(addressScanTargets, "addressScanTargets");
    atLeastOne(portScanPorts, "portScanPorts");
    atLeastOne(maxWindowPairs, "maxWindowPairs");
    atLeastOne(narrowSpread, "narrowSpread");
    atLeastOne(distinctCap, "distinctCap");
    atLeastOne(maxSources, "maxSources");
    if (idleTimeout.compareTo(window) < 0 || idleTimeout.compareTo(answerTimeout) < 0) {
      throw new IllegalArgumentException(
          "idleTimeout " + idleTimeout + " must cover the window and the answer timeout");
    }
  }

  /** The paper's TRW values and Zeek's window thresholds. */
  public static ScannerSettings defaults() {
    return new ScannerSettings(
        0.8,
        0.2,
        0.99,
        0.01,
        Duration.ofSeconds(3),
        64,
        4096,
        Duration.ofMinutes(5),
        25,
        15,
        2048,
        4,
        1024,
        100_000,
        Duration.ofHours(1));
  }

  public ScannerSettings withMaxSources(int n) {
    return new ScannerSettings(
        benignSuccess,
        scannerSuccess,
        detectionProbability,
        falseAlarmProbability,
        answerTimeout,
        maxPendingPerSource,
        maxContactsPerSource,
        window,
        addressScanTargets,
        portScanPorts,
        maxWindowPairs,
        narrowSpread,
        distinctCap,
        n,
        idleTimeout);
  }

  /** eta1 = P_D / P_F: at or above it the walk says scanner. */
  double upperThreshold() {
    return detectionProbability / falseAlarmProbability;
  }

  /** eta0 = (1 - P_D) / (1 - P_F): at or below it the walk says benign. */
  double lowerThreshold() {
    return (1 - detectionProbability) / (1 - falseAlarmProbability);
  }

  /** (1 - theta1) / (1 - theta0): what a failure multiplies the ratio by (4). */
  double failureFactor() {
    return (1 - scannerSuccess) / (1 - benignSuccess);
  }

  /** theta1 / theta0: what a success multiplies the ratio by (0.25). */
  double successFactor() {
    return scannerSuccess / benignSuccess;
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + d);
    }
  }

  private static void atLeastOne(int n, String name) {
    if (n < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, not " + n);
    }
  }
}

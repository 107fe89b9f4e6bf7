package org.stormwatch.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stormwatch.core.scan.Contacts.MS;
import static org.stormwatch.core.scan.Contacts.RST_ACK;
import static org.stormwatch.core.scan.Contacts.S;
import static org.stormwatch.core.scan.Contacts.SYN_ACK;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScannerDetectorTest {
  private static final Address SCANNER = Contacts.addr("203.0.113.9");
  private static final Address CLIENT = Contacts.addr("198.51.100.20");

  private final ScannerDetector detector = new ScannerDetector();
  private final Contacts c = new Contacts(detector);

  /** The scanner probes every (target, port) and each answers with a RST. */
  private void scan(int targets, int ports) {
    long t = 0;
    for (int i = 0; i < targets; i++) {
      for (int p = 0; p < ports; p++) {
        t += 10 * MS;
        Address target = Contacts.host(10, i);
        c.syn(t, SCANNER, target, 1000 + p);
        c.tcpReply(t + MS, SCANNER, target, 1000 + p, RST_ACK);
      }
    }
  }

  private ScannerFinding only() {
    List<ScannerFinding> findings = detector.findings();
    assertThat(findings).hasSize(1);
    return findings.get(0);
  }

  @Test
  void horizontal_onePortManyTargets() {
    scan(40, 1);
    ScannerFinding f = only();
    assertThat(f.source()).isEqualTo(SCANNER);
    assertThat(f.kind()).isEqualTo(ScanKind.HORIZONTAL);
    assertThat(f.method()).isEqualTo(ScanMethod.TRW);
    assertThat(f.probesToDetection()).isEqualTo(4);
    assertThat(f.evidence()).isEqualTo(4);
    assertThat(f.probes()).isEqualTo(40);
    assertThat(f.targets()).isEqualTo(40);
    assertThat(f.ports()).isEqualTo(1);
    assertThat(f.examplePorts()).containsExactly("1000/tcp");
    assertThat(f.firstSeen()).isEqualTo(Instant.ofEpochSecond(0, 10 * MS));
    assertThat(f.detectedAt()).isEqualTo(Instant.ofEpochSecond(0, 41 * MS));
    assertThat(f.countsCapped()).isFalse();
  }

  @Test
  void vertical_oneTargetManyPorts() {
    scan(1, 100);
    ScannerFinding f = only();
    assertThat(f.kind()).isEqualTo(ScanKind.VERTICAL);
    assertThat(f.ports()).isEqualTo(100);
    assertThat(f.targets()).isEqualTo(1);
    assertThat(f.examplePorts())
        .containsExactly("1000/tcp", "1001/tcp", "1002/tcp", "1003/tcp", "1004/tcp");
  }

  @Test
  void block_manyPortsOnManyTargets() {
    scan(10, 10);
    assertThat(only().kind()).isEqualTo(ScanKind.BLOCK);
  }

  @Test
  void kindRule_atTheNarrowLimit() {
    assertThat(ScanKind.of(1000, 3, 4)).isEqualTo(ScanKind.VERTICAL);
    assertThat(ScanKind.of(2, 500, 4)).isEqualTo(ScanKind.HORIZONTAL);
    assertThat(ScanKind.of(5, 5, 4)).isEqualTo(ScanKind.BLOCK);
    assertThat(ScanKind.of(1, 4, 4)).isEqualTo(ScanKind.HORIZONTAL);
    assertThat(ScanKind.of(4, 1, 4)).isEqualTo(ScanKind.VERTICAL);
  }

  @Test
  void benignClientBesideTheScanner_isNotFlagged_andTheSurgeHelperCountsOnlyTheScanner() {
    // One new server every 10 s, one in four refusing: 3 of 4 first contacts succeed.
    for (int i = 0; i < 100; i++) {
      Address server = Contacts.host(192, i);
      c.syn(i * 10 * S, CLIENT, server, 443);
      c.tcpReply(i * 10 * S + 30 * MS, CLIENT, server, 443, i % 4 == 3 ? RST_ACK : SYN_ACK);
    }
    scan(5, 1);
    assertThat(only().source()).isEqualTo(SCANNER);
    assertThat(detector.scannersAmong(List.of(SCANNER, CLIENT, SCANNER, Contacts.host(1, 1))))
        .isEqualTo(1);
  }

  @Test
  void withoutReplies_onlyTheWindowsJudge() {
    // A log of drops: 24 targets on port 23 is below Zeek's 25, so nobody, although the walk would
    // have flagged the source after 4.
    for (int i = 0; i < 24; i++) {
      c.syn(i * S, SCANNER, Contacts.host(10, i), 23);
    }
    assertThat(detector.findings()).isEmpty();
    c.syn(24 * S, SCANNER, Contacts.host(10, 24), 23);
    ScannerFinding f = only();
    assertThat(f.method()).isEqualTo(ScanMethod.WINDOW);
    assertThat(f.kind()).isEqualTo(ScanKind.HORIZONTAL);
    assertThat(f.probesToDetection()).isEqualTo(25);
    assertThat(f.evidence()).isEqualTo(25);
    assertThat(detector.repliesSeen()).isFalse();
  }

  @Test
  void withReplies_windowsCountOnlyFailedFirstContacts() {
    // A busy client reaching 60 web servers in a minute, all answering: no address scan.
    for (int i = 0; i < 60; i++) {
      Address server = Contacts.host(192, i);
      c.syn(i * S, CLIENT, server, 443);
      c.tcpReply(i * S + 30 * MS, CLIENT, server, 443, SYN_ACK);
    }
    assertThat(detector.findings()).isEmpty();
  }

  @Test
  void manySources_stateStaysWithinTheCap() {
    ScannerDetector small = new ScannerDetector(ScannerSettings.defaults().withMaxSources(500));
    Contacts cs = new Contacts(small);
    cs.tcpReply(0, CLIENT, Contacts.host(192, 0), 80, SYN_ACK);
    for (int i = 0; i < 50_000; i++) {
      Address src = Contacts.host(100, i);
      long t = i * MS;
      cs.syn(t, src, Contacts.host(192, i % 13), 80);
      cs.tcpReply(t + MS / 2, src, Contacts.host(192, i % 13), 80, SYN_ACK);
      assertThat(small.trackedSources()).isLessThanOrEqualTo(500);
    }
    assertThat(small.pendingAttempts()).isZero();
    assertThat(small.findings()).isEmpty();
  }

  @Test
  void distinctCounts_stopAtTheCapAndSaySo() {
    for (int p = 1; p <= 2000; p++) {
      c.syn(p * MS, SCANNER, Contacts.host(10, 1), p);
    }
    ScannerFinding f = only();
    assertThat(f.ports()).isEqualTo(ScannerSettings.defaults().distinctCap());
    assertThat(f.countsCapped()).isTrue();
    assertThat(f.probes()).isEqualTo(2000);
  }
}

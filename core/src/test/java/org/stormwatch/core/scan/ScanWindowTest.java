package org.stormwatch.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stormwatch.core.scan.Contacts.S;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.model.Protocol;

/** {@link WindowScanDetector} on log-like input: every contact is a dropped probe. */
class ScanWindowTest {
  private static final Address SRC = Contacts.addr("203.0.113.9");
  private static final int TCP = TrwDetector.portKey(Protocol.TCP, 0);

  private final List<Integer> alarms = new ArrayList<>();
  private final WindowScanDetector windows =
      new WindowScanDetector(
          ScannerSettings.defaults(), (source, method, at, probes) -> alarms.add(probes));

  @Test
  void twentyFiveTargetsOnOnePortWithinFiveMinutes_isAnAddressScan() {
    for (int i = 1; i <= 25; i++) {
      windows.contact(SRC, Contacts.host(10, i), TCP | 23, i * 10 * S);
      assertThat(alarms).as("after %d targets", i).hasSize(i < 25 ? 0 : 1);
    }
    assertThat(alarms).containsExactly(25);
  }

  @Test
  void fifteenPortsOnOneTarget_isAPortScan_repeatsDoNotCount() {
    Address target = Contacts.host(10, 1);
    for (int port = 1; port <= 15; port++) {
      windows.contact(SRC, target, TCP | port, port * S);
      windows.contact(SRC, target, TCP | port, port * S); // logged twice, as psad's lines
    }
    assertThat(alarms).containsExactly(15);
  }

  @Test
  void sameCountsSpreadOverMoreThanTheWindow_areNotFlagged() {
    // A sweep of port 23 at one target every 13 s: never more than 24 targets within 5 minutes.
    for (int i = 1; i <= 200; i++) {
      windows.contact(SRC, Contacts.host(10, i), TCP | 23, i * 13 * S);
    }
    assertThat(alarms).isEmpty();
    assertThat(windows.livePairs(SRC)).isEqualTo(24);
  }

  @Test
  void udpAndTcpOnTheSameNumberAreDifferentPorts() {
    Address target = Contacts.host(10, 1);
    int udp = TrwDetector.portKey(Protocol.UDP, 0);
    for (int port = 1; port <= 7; port++) {
      windows.contact(SRC, target, TCP | port, port * S);
      windows.contact(SRC, target, udp | port, port * S);
    }
    assertThat(alarms).isEmpty();
    windows.contact(SRC, target, udp | 8, 9 * S);
    assertThat(alarms).containsExactly(15);
  }

  @Test
  void manySourcesBelowTheThresholds_keepAtMostMaxSources() {
    WindowScanDetector small =
        new WindowScanDetector(
            ScannerSettings.defaults().withMaxSources(1000),
            (source, method, at, probes) -> alarms.add(probes));
    for (int i = 0; i < 100_000; i++) {
      small.contact(Contacts.host(100, i), Contacts.host(10, i % 7), TCP | 445, i * 1_000_000L);
      assertThat(small.trackedSources()).isLessThanOrEqualTo(1000);
    }
    assertThat(alarms).isEmpty();
  }
}

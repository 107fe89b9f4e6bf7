package org.stormwatch.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.stormwatch.core.scan.Contacts.MS;
import static org.stormwatch.core.scan.Contacts.RST_ACK;
import static org.stormwatch.core.scan.Contacts.S;
import static org.stormwatch.core.scan.Contacts.SYN_ACK;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.probe.ContactListener;
import org.stormwatch.core.scan.TrwDetector.Verdict;

class TrwDetectorTest {
  private static final Address SCANNER = Contacts.addr("203.0.113.9");
  private static final Address CLIENT = Contacts.addr("198.51.100.20");
  private static final Address SERVER = Contacts.addr("192.0.2.80");

  private record Alarm(Address source, long at, long probes) {}

  private final List<Alarm> alarms = new ArrayList<>();
  private final List<Integer> failedPorts = new ArrayList<>();
  private final TrwDetector trw =
      new TrwDetector(
          ScannerSettings.defaults(),
          (source, method, at, probes) -> alarms.add(new Alarm(source, at, probes)),
          (source, target, portKey, time) -> failedPorts.add(portKey & 0xffff));
  private final Contacts c =
      new Contacts(
          new ContactListener() {
            @Override
            public void probe(Probe p) {
              trw.probe(p);
            }

            @Override
            public void reply(
                long t, long sh, long sl, int sp, long dh, long dl, int dp, Protocol pr, int f) {
              trw.reply(t, sh, sl, sp, dh, dl, pr, f);
            }
          });

  @Test
  void synScanAgainstClosedPorts_isFlaggedAtTheFourthReset() {
    for (int port = 1; port <= 10; port++) {
      long t = port * 100 * MS;
      c.syn(t, SCANNER, SERVER, port);
      c.tcpReply(t + MS, SCANNER, SERVER, port, RST_ACK);
      if (port < 4) {
        assertThat(alarms).as("after %d resets", port).isEmpty();
      }
    }
    assertThat(alarms).containsExactly(new Alarm(SCANNER, 400 * MS + MS, 4));
    assertThat(trw.verdict(SCANNER)).isEqualTo(Verdict.SCANNER);
  }

  @Test
  void unansweredProbes_failWhenTheTimeoutHasPassedInInputTime() {
    for (int i = 0; i < 4; i++) {
      c.syn(i * 10 * MS, SCANNER, Contacts.host(10, i), 445);
    }
    assertThat(alarms).isEmpty();
    // 2.9 s after the last probe nothing has timed out yet...
    c.syn(2_900 * MS, CLIENT, SERVER, 443);
    assertThat(alarms).isEmpty();
    assertThat(trw.pendingAttempts()).isEqualTo(5);
    // ...3 s after the fourth one, all four have failed.
    c.tcpReply(3_031 * MS, CLIENT, SERVER, 443, SYN_ACK);
    assertThat(alarms).containsExactly(new Alarm(SCANNER, 30 * MS + 3 * S, 4));
    assertThat(failedPorts).containsExactly(445, 445, 445, 445);
  }

  @Test
  void clientWhoseFirstContactsMostlySucceed_isBenignAndNotFlagged() {
    // 4 of every 5 first contacts answered with a SYN-ACK, the fifth with a RST.
    for (int i = 0; i < 200; i++) {
      long t = i * S;
      Address server = Contacts.host(192, i);
      c.syn(t, CLIENT, server, 443);
      c.tcpReply(t + 20 * MS, CLIENT, server, 443, i % 5 == 4 ? RST_ACK : SYN_ACK);
    }
    assertThat(alarms).isEmpty();
    assertThat(trw.verdict(CLIENT)).isEqualTo(Verdict.BENIGN);
  }

  @Test
  void repeatedContactsToTheSamePair_areNotFirstContacts() {
    for (int i = 0; i < 50; i++) {
      c.syn(i * S, CLIENT, SERVER, 8080);
      c.tcpReply(i * S + MS, CLIENT, SERVER, 8080, RST_ACK);
    }
    assertThat(alarms).isEmpty();
    assertThat(trw.ratio(CLIENT)).isCloseTo(4.0, within(1e-9));
  }

  @Test
  void udpReplyIsSuccess_unansweredUdpIsFailure() {
    c.udp(0, CLIENT, SERVER, 53);
    c.udpReply(5 * MS, CLIENT, SERVER, 53);
    assertThat(trw.ratio(CLIENT)).isCloseTo(0.25, within(1e-9));
    c.udp(S, CLIENT, SERVER, 123);
    c.udp(10 * S, CLIENT, SERVER, 161);
    assertThat(trw.ratio(CLIENT)).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void finNullAndXmasProbes_failAtOnce() {
    for (int port = 1; port <= 4; port++) {
      trw.probe(Contacts.probe(port * MS, SCANNER, 50_000, SERVER, port, Protocol.TCP, 0x29));
    }
    assertThat(alarms).containsExactly(new Alarm(SCANNER, 4 * MS, 4));
  }

  @Test
  void benignHostThatTurnsToScanning_isCaughtAfterSevenNetFailures() {
    for (int i = 0; i < 10; i++) {
      c.syn(i * S, CLIENT, Contacts.host(192, i), 443);
      c.tcpReply(i * S + MS, CLIENT, Contacts.host(192, i), 443, SYN_ACK);
    }
    assertThat(trw.verdict(CLIENT)).isEqualTo(Verdict.BENIGN);
    for (int i = 0; i < 7; i++) {
      long t = 100 * S + i * S;
      c.syn(t, CLIENT, Contacts.host(10, i), 22);
      c.tcpReply(t + MS, CLIENT, Contacts.host(10, i), 22, RST_ACK);
      assertThat(alarms).as("after %d failures", i + 1).hasSize(i < 6 ? 0 : 1);
    }
  }

  @Test
  void pendingAttemptsPerSource_areCapped() {
    for (int i = 0; i < 1000; i++) {
      c.syn(i * MS, SCANNER, Contacts.host(10, i), 80);
    }
    assertThat(trw.pendingAttempts()).isEqualTo(ScannerSettings.defaults().maxPendingPerSource());
  }

  @Test
  void broadcastQueriesAndTheUnicastAnswersToThem_areLeftOutOfTheTest() {
    Address asker = Contacts.addr("10.42.42.25");
    Address broadcast = Contacts.addr("10.255.255.255");
    for (int i = 0; i < 6; i++) {
      long t = i * 10 * S;
      trw.probe(Contacts.probe(t, asker, 49_194 + i, broadcast, 137, Protocol.UDP, -1));
      // Each host that heard it answers from 137 to the asker's port: probes to the classifier.
      for (int h = 1; h <= 3; h++) {
        trw.probe(
            Contacts.probe(
                t + h * MS, Contacts.host(10, h), 137, asker, 49_194 + i, Protocol.UDP, -1));
      }
    }
    c.syn(100 * S, CLIENT, SERVER, 80); // moves input time past every timeout
    assertThat(alarms).isEmpty();
    assertThat(trw.ratio(asker)).isEqualTo(1.0);
    assertThat(trw.ratio(Contacts.host(10, 1))).isEqualTo(1.0);
    assertThat(GroupQueries.isGroup(Contacts.addr("239.255.255.250"))).isTrue();
    assertThat(GroupQueries.isGroup(Contacts.addr("ff02::1"))).isTrue();
    assertThat(GroupQueries.isGroup(Contacts.addr("10.42.42.50"))).isFalse();
  }
}

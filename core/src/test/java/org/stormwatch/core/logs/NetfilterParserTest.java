package org.stormwatch.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

class NetfilterParserTest {
  private static final LogOptions OPTS =
      LogOptions.defaults().withFileModified(Instant.parse("2015-06-01T00:00:00Z"));

  private static final String TAIL =
      " IN=eth1 OUT= MAC=23:87:fc:c6:24:58:00:21:3f:98:99:78:09:00 SRC=192.168.10.55"
          + " DST=192.168.10.1 LEN=44 TOS=0x00 PREC=0x00 TTL=53 ID=15270 PROTO=TCP SPT=56247"
          + " DPT=1025 WINDOW=3072 RES=0x00 SYN URGP=0 OPT (020405B4) ";

  private static NetfilterParser parser() {
    return new NetfilterParser(OPTS);
  }

  @Test
  void readsClassicSyslogSynLineWithEverythingItShows() {
    Probe p =
        LogTesting.probe(parser(), "Mar 11 20:35:11 linux kernel: [463490.251762] DROP" + TAIL);
    assertThat(p.time()).isEqualTo(Instant.parse("2015-03-11T20:35:11Z"));
    assertThat(p.sourceText()).isEqualTo("192.168.10.55");
    assertThat(p.destinationText()).isEqualTo("192.168.10.1");
    assertThat(p.srcPort()).isEqualTo(56247);
    assertThat(p.dstPort()).isEqualTo(1025);
    assertThat(p.protocol()).isEqualTo(Protocol.TCP);
    assertThat(p.tcpFlags()).isEqualTo(ProbeRules.SYN);
    assertThat(p.ipLength()).isEqualTo(44);
    assertThat(p.ttl()).isEqualTo(53);
  }

  @Test
  void udpLineTakesTheFirstLenAsIpLength() {
    Probe p =
        LogTesting.probe(
            parser(),
            "Mar 11 20:41:04 linux kernel: [463843.171785] DROP IN=eth1 OUT= SRC=192.168.10.55"
                + " DST=192.168.10.1 LEN=78 TOS=0x00 PREC=0x00 TTL=50 ID=54985 PROTO=UDP"
                + " SPT=1025 DPT=137 LEN=58 ");
    assertThat(p.protocol()).isEqualTo(Protocol.UDP);
    assertThat(p.ipLength()).isEqualTo(78);
    assertThat(p.dstPort()).isEqualTo(137);
    assertThat(p.tcpFlags()).isEqualTo(Probe.UNKNOWN);
  }

  @Test
  void readsIp6tablesLineWithFullFormAddressesAndHopLimit() {
    Probe p =
        LogTesting.probe(
            parser(),
            "Mar 17 13:39:13 linux kernel: [956932.482352] DROP IN=eth0 OUT= SRC=2001:0db8:0000"
                + ":f101:0000:0000:0000:0002 DST=2001:0db8:0000:f101:0000:0000:0000:0001 LEN=80"
                + " TC=0 HOPLIMIT=64 FLOWLBL=0 PROTO=TCP SPT=46395 DPT=80 WINDOW=5760 RES=0x00"
                + " SYN URGP=0 ");
    assertThat(p.sourceText()).isEqualTo("2001:db8:0:f101::2");
    assertThat(p.destinationText()).isEqualTo("2001:db8:0:f101::1");
    assertThat(p.ttl()).isEqualTo(64);
    assertThat(p.dstPort()).isEqualTo(80);
  }

  @Test
  void readsCompressedIpv6AddressesToo() {
    Probe p =
        LogTesting.probe(
            parser(),
            "Mar 17 13:39:13 h kernel: IN=eth0 OUT= SRC=2001:db8::2 DST=::1 LEN=80 HOPLIMIT=64"
                + " PROTO=UDP SPT=5 DPT=6 LEN=40");
    assertThat(p.sourceText()).isEqualTo("2001:db8::2");
    assertThat(p.destinationText()).isEqualTo("::1");
  }

  @Test
  void anyPrefixTextBeforeInIsIgnoredButAWordEndingInInIsNotTheField() {
    Probe p =
        LogTesting.probe(
            parser(), "Mar 11 20:35:11 gw kernel: [UFW BLOCK] FW-IN=x NOTIN=y DSHIELDINPUT" + TAIL);
    assertThat(p.dstPort()).isEqualTo(1025);
  }

  @Test
  void readsEveryStampFormSyslogJournalctlAndTheDshieldSensorWrite() {
    Instant t = Instant.parse("2015-03-07T03:09:30Z");
    assertThat(
            LogTesting.probe(parser(), "2015-03-07T05:09:30+02:00 servername kernel: DROP:" + TAIL)
                .time())
        .isEqualTo(t);
    assertThat(
            LogTesting.probe(parser(), "2015-03-07T05:09:30.045015+02:00 h kernel: DROP:" + TAIL)
                .time())
        .isEqualTo(t.plusNanos(45_015_000));
    // journalctl -o short-iso
    assertThat(LogTesting.probe(parser(), "2015-03-07T05:09:30+0200 h kernel:" + TAIL).time())
        .isEqualTo(t);
    // RFC 5424
    assertThat(
            LogTesting.probe(parser(), "<4>1 2015-03-07T03:09:30Z h kernel - - - DROP" + TAIL)
                .time())
        .isEqualTo(t);
    // journalctl -o short-precise
    assertThat(LogTesting.probe(parser(), "Mar 07 03:09:30.250000 h kernel:" + TAIL).time())
        .isEqualTo(t.plusMillis(250));
    // DShield sensor: a unix time first
    assertThat(
            LogTesting.probe(parser(), t.getEpochSecond() + " pi kernel:[1.2] DSHIELDINPUT" + TAIL)
                .time())
        .isEqualTo(t);
  }

  @Test
  void classicStampsAreLocalTimeInTheGivenZone() {
    NetfilterParser berlin =
        new NetfilterParser(OPTS.withZone(ZoneId.of("Europe/Berlin")).withYear(2015));
    assertThat(LogTesting.probe(berlin, "Jul  1 12:00:00 h kernel:" + TAIL).time())
        .isEqualTo(Instant.parse("2015-07-01T10:00:00Z"));
    assertThat(LogTesting.probe(berlin, "Dec  1 12:00:00 h kernel:" + TAIL).time())
        .isEqualTo(Instant.parse("2015-12-01T11:00:00Z"));
  }

  @Test
  void synAckAndAckAndResetLinesAreNoProbesButFinNullAndXmasScansAre() {
    String base =
        "Mar 11 20:35:11 h kernel: IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TTL=9"
            + " PROTO=TCP SPT=1 DPT=2 WINDOW=1 RES=0x00 ";
    assertThat(LogTesting.one(parser(), base + "ACK SYN URGP=0")).isEqualTo(ProbeRules.TCP_ACK);
    assertThat(LogTesting.one(parser(), base + "ACK URGP=0")).isEqualTo(ProbeRules.TCP_ACK);
    assertThat(LogTesting.one(parser(), base + "ACK RST URGP=0")).isEqualTo(ProbeRules.TCP_ACK);
    assertThat(LogTesting.one(parser(), base + "RST URGP=0")).isEqualTo(ProbeRules.TCP_RST);
    assertThat(LogTesting.probe(parser(), base + "FIN URGP=0").tcpFlags())
        .isEqualTo(ProbeRules.FIN);
    assertThat(LogTesting.probe(parser(), base + "URGP=0").tcpFlags()).isZero();
    assertThat(LogTesting.probe(parser(), base + "URG PSH FIN URGP=1").tcpFlags())
        .isEqualTo(ProbeRules.URG | ProbeRules.PSH | ProbeRules.FIN);
  }

  @Test
  void icmpEchoRequestIsAProbeWithTypeAsDestinationPortAndCodeAsSourcePort() {
    Probe p =
        LogTesting.probe(
            parser(),
            "Mar 11 20:35:11 h kernel: IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=84 TTL=9"
                + " PROTO=ICMP TYPE=8 CODE=0 ID=7 SEQ=1");
    assertThat(p.protocol()).isEqualTo(Protocol.ICMP);
    assertThat(p.dstPort()).isEqualTo(8);
    assertThat(p.srcPort()).isZero();
    Probe v6 =
        LogTesting.probe(
            parser(),
            "Mar 11 20:35:11 h kernel: IN=eth0 OUT= SRC=2001:db8::1 DST=2001:db8::2 LEN=104"
                + " HOPLIMIT=64 PROTO=ICMPv6 TYPE=128 CODE=0 ID=7 SEQ=1");
    assertThat(v6.dstPort()).isEqualTo(8);
    assertThat(IpAddresses.isV4(v6.srcHi(), v6.srcLo())).isFalse();
  }

  @Test
  void icmpErrorIsNoProbeAndTheQuotedPacketIsNotRead() {
    Outcome o =
        LogTesting.one(
            parser(),
            "Mar 11 20:35:11 h kernel: IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=56 TTL=9"
                + " PROTO=ICMP TYPE=3 CODE=3 [SRC=5.6.7.8 DST=1.2.3.4 LEN=28 PROTO=UDP SPT=9"
                + " DPT=137 LEN=8 ]");
    assertThat(o).isEqualTo(ProbeRules.ICMP_NOT_ECHO);
  }

  @Test
  void otherSyslogLinesAreSkippedApartFromMalformedOnes() {
    assertThat(LogTesting.one(parser(), "Mar 11 20:35:11 h sshd[1]: Accepted password for x"))
        .isEqualTo(NetfilterParser.NOT_NETFILTER);
    assertThat(
            LogTesting.one(
                parser(),
                "Mar 11 20:35:11 h kernel: IN=eth0 SRC=1.2.3 DST=5.6.7.8"
                    + " PROTO=TCP SPT=1 DPT=2 SYN"))
        .isInstanceOf(Outcome.Malformed.class);
    assertThat(
            LogTesting.one(
                parser(),
                "Mar 11 20:35:11 h kernel: IN=eth0 SRC=1.2.3.4"
                    + " DST=5.6.7.8 PROTO=TCP SPT=1 SYN"))
        .isInstanceOf(Outcome.Malformed.class);
    assertThat(
            LogTesting.one(
                parser(),
                "Mar 11 20:35:11 h kernel: IN=eth0 SRC=1.2.3.4"
                    + " DST=5.6.7.8 PROTO=TCP SPT=1 DPT=70000 SYN"))
        .isInstanceOf(Outcome.Malformed.class);
    assertThat(LogTesting.one(parser(), "Foo 11 20:35:11 h kernel:" + TAIL))
        .isInstanceOf(Outcome.Malformed.class);
  }

  @Test
  void nonFirstFragmentWithoutPortsIsNoProbe() {
    assertThat(
            LogTesting.one(
                parser(),
                "Mar 11 20:35:11 h kernel: IN=eth0 SRC=1.2.3.4"
                    + " DST=5.6.7.8 LEN=1500 TTL=9 ID=1 FRAG:185 PROTO=UDP "))
        .isInstanceOf(Outcome.Malformed.class);
    assertThat(
            LogTesting.one(
                parser(),
                "Mar 11 20:35:11 h kernel: IN=eth0 SRC=1.2.3.4"
                    + " DST=5.6.7.8 LEN=1500 TTL=9 ID=1 FRAG=185 PROTO=UDP "))
        .isEqualTo(NetfilterParser.FRAGMENT);
  }

  @Test
  void otherIpProtocolsAreNoProbes() {
    assertThat(
            LogTesting.one(
                parser(),
                "2015-03-08T02:22:57.444022+02:00 s kernel: DROP:"
                    + " IN=eth0 OUT= SRC=10.0.0.0 DST=224.0.0.1 LEN=36 TTL=1 ID=0 PROTO=2 "))
        .isEqualTo(ProbeRules.OTHER_PROTOCOL);
  }
}

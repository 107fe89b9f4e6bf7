package org.stormwatch.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/** The line parsers other than netfilter, each on inline sample lines. */
class OtherParsersTest {
  private static final LogOptions OPTS =
      LogOptions.defaults().withFileModified(Instant.parse("2004-12-01T00:00:00Z"));

  @Test
  void dshieldLineSwapsIcmpTypeAndCodeAndReadsFlagWords() {
    DshieldLineParser p = new DshieldLineParser(OPTS);
    Probe udp =
        LogTesting.probe(
            p, "2002-09-28 12:34:56 -05:00\t0\t1\t10.1.2.3\t1025\t192.0.2.9\t137\tUDP\t");
    assertThat(udp.time()).isEqualTo(Instant.parse("2002-09-28T17:34:56Z"));
    assertThat(udp.srcPort()).isEqualTo(1025);
    assertThat(udp.dstPort()).isEqualTo(137);
    Probe icmp =
        LogTesting.probe(p, "2002-09-28 12:34:56 +00:00\t0\t1\t10.1.2.3\t8\t192.0.2.9\t0\t1\t");
    assertThat(icmp.protocol()).isEqualTo(Protocol.ICMP);
    assertThat(icmp.dstPort()).isEqualTo(8);
    assertThat(icmp.srcPort()).isZero();
    assertThat(
            LogTesting.one(
                p, "2002-09-28 12:34:56 +00:00\t0\t1\t10.1.2.3\t80\t192.0.2.9\t1025\tTCP\tSYN,ACK"))
        .isEqualTo(ProbeRules.TCP_ACK);
    assertThat(
            LogTesting.probe(
                    p, "2002-09-28 12:34:56 +00:00\t0\t1\t10.1.2.3\t4000\t192.0.2.9\t445\t6\tS")
                .tcpFlags())
        .isEqualTo(ProbeRules.SYN);
    assertThat(LogTesting.one(p, "2002-09-28 12:34:56 +00:00\t0\t1\t10.1.2.3\t4000"))
        .isInstanceOf(Outcome.Malformed.class);
  }

  @Test
  void ciscoDenyMessagesOfEachIdBecomeProbes() {
    CiscoParser p = new CiscoParser(OPTS, "asa.log");
    Probe p106001 =
        LogTesting.probe(
            p,
            "Dec  1 10:00:00 fw %ASA-2-106001: Inbound TCP connection"
                + " denied from 203.0.113.5/4444 to 192.0.2.1/23 flags SYN  on interface outside");
    assertThat(p106001.dstPort()).isEqualTo(23);
    assertThat(p106001.tcpFlags()).isEqualTo(ProbeRules.SYN);
    assertThat(p106001.time()).isEqualTo(Instant.parse("2004-12-01T10:00:00Z"));
    assertThat(
            LogTesting.probe(
                    p,
                    "%ASA-2-106006: Deny inbound UDP from 203.0.113.5/1025 to"
                        + " 192.0.2.1/137 on interface outside")
                .dstPort())
        .isEqualTo(137);
    assertThat(
            LogTesting.probe(
                    p,
                    "%ASA-2-106007: Deny inbound UDP from 203.0.113.5/53 to"
                        + " 192.0.2.1/5353 due to DNS Response.")
                .srcPort())
        .isEqualTo(53);
    Probe ping =
        LogTesting.probe(
            p,
            "%PIX-3-106014: Deny inbound icmp src outside:203.0.113.5"
                + " dst inside:192.0.2.1 (type 8, code 0)");
    assertThat(ping.protocol()).isEqualTo(Protocol.ICMP);
    assertThat(ping.dstPort()).isEqualTo(8);
    assertThat(
            LogTesting.one(
                p,
                "%ASA-6-106015: Deny TCP (no connection) from 192.0.2.1/443 to"
                    + " 203.0.113.5/1234 flags RST  on interface inside"))
        .isEqualTo(ProbeRules.TCP_RST);
    assertThat(
            LogTesting.probe(
                    p,
                    "%ASA-6-106015: Deny TCP (no connection) from"
                        + " 203.0.113.5/1234 to 192.0.2.1/80 flags FIN on interface outside")
                .tcpFlags())
        .isEqualTo(ProbeRules.FIN);
    Probe acl =
        LogTesting.probe(
            p,
            "<166>Dec 02 2004 10:00:00: %ASA-4-106023: Deny tcp src"
                + " outside:203.0.113.5/1381 dst inside:192.0.2.8/445 by access-group \"OUT\" [0x0, 0x0]");
    assertThat(acl.dstPort()).isEqualTo(445);
    assertThat(acl.tcpFlags()).isEqualTo(Probe.UNKNOWN);
    assertThat(acl.time()).isEqualTo(Instant.parse("2004-12-02T10:00:00Z"));
    assertThat(
            LogTesting.probe(
                    p,
                    "%FTD-3-710003: TCP access denied by ACL from"
                        + " 203.0.113.5/51000 to outside:192.0.2.1/ssh")
                .dstPort())
        .isEqualTo(22);
    assertThat(
            LogTesting.probe(
                    p,
                    "%PIX-7-710005: UDP request discarded from 192.168.1.2/137"
                        + " to inside:192.168.1.255/netbios-ns")
                .dstPort())
        .isEqualTo(137);
    assertThat(
            LogTesting.probe(
                    p,
                    "%ASA-4-106100: access-list OUT denied udp"
                        + " outside/203.0.113.5(1025) -> inside/192.0.2.1(137) hit-cnt 1 first hit [0x1, 0x0]")
                .dstPort())
        .isEqualTo(137);
    assertThat(LogTesting.one(p, "%ASA-6-302013: Built inbound TCP connection 1 for x"))
        .isEqualTo(CiscoParser.NOT_DENY);
    assertThat(
            LogTesting.one(
                p, "%ASA-2-106006: Deny inbound UDP from ***/1 to ***/2 on" + " interface vpn"))
        .isInstanceOf(Outcome.Malformed.class);
    assertThat(LogTesting.one(p, "Dec  1 10:00:00 host sshd[1]: hello"))
        .isEqualTo(CiscoParser.NOT_CISCO);
  }

  @Test
  void pfirewallDropsAreProbesAndTheFieldsLineDecidesTheColumns() {
    PfirewallParser p = new PfirewallParser(OPTS);
    assertThat(
            LogTesting.one(
                p,
                "#Fields: date time action protocol src-ip dst-ip src-port"
                    + " dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path"))
        .isEqualTo(Outcome.HEADER);
    Probe udp =
        LogTesting.probe(
            p,
            "2020-10-14 08:00:01 DROP UDP 192.168.6.20 192.168.6.255 137 137 78 - - - - - - - RECEIVE");
    assertThat(udp.dstPort()).isEqualTo(137);
    assertThat(udp.ipLength()).isEqualTo(78);
    assertThat(
            LogTesting.one(
                p,
                "2006-09-20 10:38:21 DROP TCP 192.168.72.196 10.20.72.12 445 2459 48 SA 1 2 3 - - - R"))
        .isEqualTo(ProbeRules.TCP_ACK);
    assertThat(
            LogTesting.one(
                p,
                "2020-10-14 08:00:01 ALLOW TCP 10.0.0.1 10.0.0.2 5000 2022 0 - - - - - - - SEND"))
        .isEqualTo(Outcome.skip("pfirewall ALLOW"));
    assertThat(
            LogTesting.probe(
                    p,
                    "2020-10-14 08:00:01 DROP ICMP 10.0.0.1 10.0.0.2 - - 60 - - - - 8 0 - RECEIVE")
                .dstPort())
        .isEqualTo(8);
    assertThat(
            LogTesting.one(
                p,
                "2022-04-20 10:00:00 DROP UDP 192.168.17.1 192.168.1.10055 5353 5353 0 - - - - - - -"
                    + " RECEIVE"))
        .isInstanceOf(Outcome.Malformed.class);
    // a reordered header is followed
    LogTesting.one(p, "#Fields: action date time src-ip dst-ip protocol src-port dst-port");
    assertThat(LogTesting.probe(p, "DROP 2020-10-14 08:00:01 10.0.0.1 10.0.0.2 TCP 1 2").dstPort())
        .isEqualTo(2);
  }

  @Test
  void pfBlockLinesAreProbesInOldAndNewTcpdumpWording() {
    PfParser p = new PfParser(OPTS);
    Probe syn =
        LogTesting.probe(
            p,
            "Mar 29 19:32:17.184835 rule 4/(match) [uid 0, pid 10758]"
                + " block in on em0: 192.168.56.1.53614 > 192.168.56.101.1435: S [tcp sum ok]"
                + " 786092310:786092310(0) win 3072 <mss 1460> (ttl 42, id 1076, len 44)");
    assertThat(syn.dstPort()).isEqualTo(1435);
    assertThat(syn.ttl()).isEqualTo(42);
    assertThat(syn.ipLength()).isEqualTo(44);
    assertThat(syn.time()).isEqualTo(Instant.parse("2004-03-29T19:32:17.184835Z"));
    Probe relayed =
        LogTesting.probe(
            p,
            "Mar 30 15:55:20 enigma pf: Mar 30 15:53:25.793256 rule"
                + " 2/(match) block in on xl0: 205.174.165.231.50425 > 192.168.2.10.137:  udp 50");
    assertThat(relayed.protocol()).isEqualTo(Protocol.UDP);
    assertThat(relayed.time()).isEqualTo(Instant.parse("2004-03-30T15:53:25.793256Z"));
    Probe v6 =
        LogTesting.probe(
            p,
            "Mar 30 15:53:25.793256 rule 0/(match) block in on em0:"
                + " 2001:db8::1.4000 > 2001:db8::2.22: Flags [S], seq 1, win 1024, length 0");
    assertThat(v6.destinationText()).isEqualTo("2001:db8::2");
    assertThat(v6.dstPort()).isEqualTo(22);
    assertThat(
            LogTesting.probe(
                    p,
                    "Mar 30 15:48:03.820068 rule 3/(match) block in on lo0:"
                        + " 127.0.0.1 > 127.0.0.2: icmp: echo request")
                .dstPort())
        .isEqualTo(8);
    assertThat(
            LogTesting.one(
                p,
                "Mar 30 15:53:25.793256 rule 2/(match) block in on xl0:"
                    + " 205.174.165.231.50425 > 192.168.2.10.22: . ack 2450721 win 73"))
        .isEqualTo(ProbeRules.TCP_ACK);
    assertThat(
            LogTesting.one(
                p,
                "Mar 30 15:55:20 enigma pf: Mar 30 15:53:25.793256 rule"
                    + " 2/(match) pass in on xl0: 205.174.165.231.50425 > 192.168.2.10.22: . ack 1"))
        .isEqualTo(PfParser.PASS);
  }

  @Test
  void zeekUnansweredAndRejectedConnectionsAreProbesInTsvAndJson() {
    ZeekConnParser p = new ZeekConnParser(OPTS);
    String fields =
        "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto"
            + "\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp"
            + "\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes"
            + "\ttunnel_parents";
    assertThat(LogTesting.one(p, "#separator \\x09")).isEqualTo(Outcome.HEADER);
    assertThat(LogTesting.one(p, fields)).isEqualTo(Outcome.HEADER);
    Probe s0 =
        LogTesting.probe(
            p,
            "1481764944.790699\tC1\t10.12.15.101\t49210\t185.45.192.155"
                + "\t6892\tudp\t-\t-\t-\t-\tS0\t-\t-\t0\tD\t1\t78\t0\t0\t-");
    assertThat(s0.dstPort()).isEqualTo(6892);
    assertThat(s0.ipLength()).isEqualTo(78);
    assertThat(s0.time()).isEqualTo(Instant.parse("2016-12-15T01:22:24.790699Z"));
    assertThat(
            LogTesting.probe(
                p,
                "1500000000.000000\tC1\t10.0.0.1\t4000\t10.0.0.2\t23\ttcp\t-\t-\t-\t-"
                    + "\tREJ\t-\t-\t0\tSr\t1\t44\t1\t40\t-"))
        .isNotNull();
    assertThat(
            LogTesting.one(
                p,
                "1500000000\tC1\t10.0.0.1\t4000\t10.0.0.2\t80\ttcp\thttp\t1"
                    + "\t1\t1\tSF\t-\t-\t0\tShADadfF\t5\t500\t5\t500\t-"))
        .isEqualTo(ZeekConnParser.ANSWERED);
    assertThat(
            LogTesting.probe(
                    p,
                    "1500000000\tC1\t10.0.0.1\t4000\t10.0.0.2\t443\ttcp\t-\t0"
                        + "\t0\t0\tRSTO\t-\t-\t0\tShR\t2\t84\t1\t44\t-")
                .dstPort())
        .isEqualTo(443);
    Probe json =
        LogTesting.probe(
            p,
            "{\"ts\":1500000000.25,\"uid\":\"C\",\"id.orig_h\":"
                + "\"2001:db8::1\",\"id.orig_p\":5000,\"id.resp_h\":\"2001:db8::2\",\"id.resp_p\":22,"
                + "\"proto\":\"tcp\",\"conn_state\":\"S0\",\"history\":\"S\",\"orig_pkts\":2}");
    assertThat(json.destinationText()).isEqualTo("2001:db8::2");
    assertThat(json.tcpFlags()).isEqualTo(ProbeRules.SYN);
    assertThat(json.ipLength()).isEqualTo(Probe.UNKNOWN);
  }

  @Test
  void suricataUnansweredFlowsAndBlockedAlertsAreProbesOncePerFlow() {
    SuricataEveParser p = new SuricataEveParser(OPTS);
    String alert =
        "{\"timestamp\":\"2022-02-23T19:22:25.000000+0100\",\"flow_id\":7,"
            + "\"event_type\":\"alert\",\"src_ip\":\"203.0.113.5\",\"src_port\":4000,\"dest_ip\":"
            + "\"192.0.2.1\",\"dest_port\":445,\"proto\":\"TCP\",\"alert\":{\"action\":\"blocked\"},"
            + "\"flow\":{\"pkts_toserver\":1,\"pkts_toclient\":0}}";
    Probe a = LogTesting.probe(p, alert);
    assertThat(a.dstPort()).isEqualTo(445);
    assertThat(a.time()).isEqualTo(Instant.parse("2022-02-23T18:22:25Z"));
    String flow =
        "{\"timestamp\":\"2022-02-23T19:22:24.405139+0100\",\"flow_id\":7,"
            + "\"event_type\":\"flow\",\"src_ip\":\"203.0.113.5\",\"src_port\":4000,\"dest_ip\":"
            + "\"192.0.2.1\",\"dest_port\":445,\"proto\":\"TCP\",\"flow\":{\"pkts_toclient\":0,"
            + "\"start\":\"2022-02-23T19:22:24.405139+0100\"},\"tcp\":{\"tcp_flags_ts\":\"02\"}}";
    assertThat(LogTesting.one(p, flow)).isEqualTo(SuricataEveParser.SEEN);
    String udp =
        "{\"timestamp\":\"2022-02-23T19:22:24.405139+0100\",\"flow_id\":8,"
            + "\"event_type\":\"flow\",\"src_ip\":\"172.16.0.131\",\"src_port\":137,\"dest_ip\":"
            + "\"172.16.0.1\",\"dest_port\":137,\"proto\":\"UDP\",\"flow\":{\"pkts_toserver\":12,"
            + "\"pkts_toclient\":0,\"start\":\"2022-02-23T19:22:25.242568+0100\"}}";
    assertThat(LogTesting.probe(p, udp).time())
        .isEqualTo(Instant.parse("2022-02-23T18:22:25.242568Z"));
    assertThat(
            LogTesting.one(
                p,
                udp.replace("\"pkts_toclient\":0", "\"pkts_toclient\":3")
                    .replace("\"flow_id\":8", "\"flow_id\":9")))
        .isEqualTo(SuricataEveParser.ANSWERED);
    String rejected =
        flow.replace("\"flow_id\":7", "\"flow_id\":10")
            .replace("\"pkts_toclient\":0", "\"pkts_toclient\":1")
            .replace(
                "\"tcp_flags_ts\":\"02\"}", "\"tcp_flags_ts\":\"02\",\"tcp_flags_tc\":\"14\"}");
    assertThat(LogTesting.probe(p, rejected).dstPort()).isEqualTo(445);
    assertThat(
            LogTesting.one(
                p, "{\"timestamp\":\"2022-02-23T19:22:24+0100\",\"event_type\":" + "\"dns\"}"))
        .isEqualTo(SuricataEveParser.OTHER_EVENT);
    assertThat(LogTesting.one(p, "{\"timestamp\":\"2022-02-23T19:22:24+0100\",\"F\":\"stats\"}"))
        .isInstanceOf(Outcome.Malformed.class);
  }
}

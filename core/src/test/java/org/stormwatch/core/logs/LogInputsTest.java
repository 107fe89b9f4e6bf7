package org.stormwatch.core.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.model.Probe;

class LogInputsTest {
  private static final String NETFILTER =
      "Mar 11 20:35:11 h kernel: DROP IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=44 TTL=9"
          + " PROTO=TCP SPT=1 DPT=2 SYN URGP=0\n";

  @Test
  void listsEveryFormatName() {
    assertThat(LogInputs.formatNames())
        .containsExactly(
            "netfilter",
            "dshield",
            "dshield-json",
            "cisco",
            "pfirewall",
            "pf",
            "zeek",
            "suricata",
            "csv");
  }

  @Test
  void busySyslogWithFirewallLinesCountsOtherLinesApartAndAddsUp()
      throws IOException, InputException {
    String text =
        "Mar 11 20:35:10 h sshd[1]: Accepted\n\n"
            + NETFILTER
            + "Mar 11 20:35:12 h kernel: DROP IN=eth0 SRC=1.2.3 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=2\n"
            + "Mar 11 20:35:13 h cron[2]: run\r\n"
            + NETFILTER;
    LogTesting.Result r = LogTesting.read(text, LogOptions.defaults());
    assertThat(r.stats().units()).isEqualTo(6);
    assertThat(r.stats().probes()).isEqualTo(2);
    assertThat(r.stats().notProbes().get("not a netfilter line")).isEqualTo(2);
    assertThat(r.stats().notProbes().get("blank line")).isEqualTo(1);
    assertThat(r.stats().malformed().get("bad address")).isEqualTo(1);
    assertThat(r.stats().examples()).hasSize(1);
    assertThat(r.stats().examples().get(0))
        .startsWith("test.log: line 4: bad address (Mar 11 20:35:12 h kernel: DROP IN=eth0")
        .endsWith("...)");
    assertThat(r.addsUp()).isTrue();
  }

  @Test
  void syslogWithoutAnyFirewallLineInTheSampleIsReadAsNetfilter()
      throws IOException, InputException {
    LogTesting.Result r =
        LogTesting.read("Mar 11 20:35:10 h sshd[1]: Accepted\n" + NETFILTER, LogOptions.defaults());
    assertThat(r.stats().probes()).isEqualTo(1);
  }

  @Test
  void unknownInputIsRejectedWithItsFirstLineShortened() {
    String junk = "hello world, this is no log at all ".repeat(10) + "\nmore\n";
    assertThatThrownBy(() -> LogTesting.read(junk, LogOptions.defaults()))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(
            "test.log: not a capture or a known log format (first line: hello world")
        .hasMessageEndingWith("...)");
    assertThatThrownBy(() -> LogTesting.read("", LogOptions.defaults()))
        .hasMessage("test.log: not a capture or a known log format (first line: (empty))");
  }

  @Test
  void aForcedFormatWinsAndABadNameIsRejected() throws IOException, InputException {
    LogTesting.Result r = LogTesting.read(NETFILTER, LogOptions.defaults().withFormat("cisco"));
    assertThat(r.stats().notProbes().get(CiscoParser.NOT_CISCO.reason())).isEqualTo(1);
    assertThatThrownBy(() -> LogTesting.read(NETFILTER, LogOptions.defaults().withFormat("x")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("unknown input format 'x'");
  }

  @Test
  void detectsEachFormatFromItsFirstLines() throws IOException, InputException {
    assertThat(
            LogTesting.read(
                    "2002-09-28 12:34:56 -05:00\t0\t1\t10.1.2.3\t1025\t192.0.2.9"
                        + "\t137\tUDP\t\n",
                    LogOptions.defaults())
                .stats()
                .probes())
        .isEqualTo(1);
    assertThat(
            LogTesting.read(
                    "Jan 28 00:01:38 pix %PIX-4-106023: Deny udp src"
                        + " outside:24.200.88.234/1025 dst inside:10.107.31.183/137 by access-group \"A\"\n",
                    LogOptions.defaults())
                .probes())
        .extracting(Probe::dstPort)
        .containsExactly(137);
    assertThat(
            LogTesting.read(
                    "time,src,sport,dst,dport,proto\n"
                        + "1033216496,10.1.2.3,1025,192.0.2.9,137,udp\n",
                    LogOptions.defaults())
                .stats()
                .probes())
        .isEqualTo(1);
  }

  @Test
  void csvWithColumnsOptionAndTabsReadsEachRecordAndRejectsUnknownColumns()
      throws IOException, InputException {
    LogOptions opts =
        LogOptions.defaults().withColumns(List.of("dst", "dport", "src", "-", "proto", "time"));
    LogTesting.Result r =
        LogTesting.read(
            "192.0.2.9\t137\t10.1.2.3\tx\tudp"
                + "\t2002-09-28T12:34:56Z\n192.0.2.9\t80\t10.1.2.3\tx\ttcp\tnot-a-time\n",
            opts);
    assertThat(r.stats().probes()).isEqualTo(1);
    assertThat(r.stats().malformed().get("bad time stamp")).isEqualTo(1);
    assertThat(r.probes().get(0).srcPort()).isZero();
    assertThatThrownBy(
            () ->
                LogTesting.read(
                    "x\n", LogOptions.defaults().withColumns(List.of("time", "source"))))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("unknown column 'source'");
  }

  @Test
  void dshieldJsonDocumentIsReadRecordByRecord() throws IOException, InputException {
    String doc =
        "{\"type\":\"firewall\",\"logs\":[{\"time\":1033216496,\"sip\":\"10.1.2.3\","
            + "\"dip\":\"192.0.2.9\",\"proto\":17,\"sport\":1025,\"dport\":137,\"flags\":\"\"},"
            + "{\"time\":1033216497,\"sip\":\"10.1.2.3\",\"dip\":\"192.0.2.9\",\"proto\":6,"
            + "\"sport\":1025,\"dport\":445},{\"time\":1033216498,\"sip\":\"10.1.2.3\",\"dip\":"
            + "\"192.0.2.9\",\"proto\":1,\"sport\":8,\"dport\":0,\"flags\":\"\"},"
            + "{\"time\":1,\"sip\":\"10.1.2.3\",\"dip\":\"192.0.2.9\",\"proto\":6,\"sport\":80,"
            + "\"dport\":4000,\"flags\":\"SA\"}]}\n";
    LogTesting.Result r = LogTesting.read(doc, LogOptions.defaults());
    assertThat(r.stats().units()).isEqualTo(4);
    assertThat(r.probes()).extracting(Probe::dstPort).containsExactly(137, 445, 8);
    assertThat(r.probes().get(0).time().toString()).isEqualTo("2002-09-28T12:34:56Z");
    assertThat(r.stats().notProbes().get(ProbeRules.TCP_ACK.reason())).isEqualTo(1);
    LogTesting.Result broken =
        LogTesting.read(doc.substring(0, doc.length() - 40), LogOptions.defaults());
    assertThat(broken.stats().malformed().get("bad json")).isEqualTo(1);
    assertThat(broken.stats().warnings()).hasSize(1);
    assertThat(broken.addsUp()).isTrue();
  }

  @Test
  void dshieldLineWithACountStandsForThatManyRecords() throws IOException, InputException {
    LogTesting.Result r =
        LogTesting.read(
            "2002-09-28 12:34:56 -05:00\t0\t3\t10.1.2.3\t1025" + "\t192.0.2.9\t137\tUDP\t\n",
            LogOptions.defaults());
    assertThat(r.stats().units()).isEqualTo(3);
    assertThat(r.stats().probes()).isEqualTo(3);
    assertThat(r.probes()).hasSize(3);
  }

  @Test
  void lineEndsByteOrderMarkAndALastLineWithoutNewlineAreHandled()
      throws IOException, InputException {
    String text = "\uFEFF" + NETFILTER.replace("\n", "\r\n") + NETFILTER.trim();
    LogTesting.Result r = LogTesting.read(text, LogOptions.defaults());
    assertThat(r.stats().probes()).isEqualTo(2);
    assertThat(r.addsUp()).isTrue();
  }

  @Test
  void aLineLongerThanTheLimitIsCutCountedAndTheNextLineIsRead() throws IOException {
    byte[] longLine = new byte[LineSource.MAX_LINE + 1000];
    java.util.Arrays.fill(longLine, (byte) 'x');
    byte[] next = NETFILTER.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[longLine.length + 1 + next.length];
    System.arraycopy(longLine, 0, all, 0, longLine.length);
    all[longLine.length] = '\n';
    System.arraycopy(next, 0, all, longLine.length + 1, next.length);
    InputStream in = new ByteArrayInputStream(all);
    ReadStats stats = new ReadStats();
    List<Probe> probes = new java.util.ArrayList<>();
    new LineLogReader("big.log", in, new NetfilterParser(LogOptions.defaults()))
        .read(probes::add, stats);
    assertThat(stats.units()).isEqualTo(2);
    assertThat(stats.malformed().get("line too long")).isEqualTo(1);
    assertThat(probes).hasSize(1);
  }
}

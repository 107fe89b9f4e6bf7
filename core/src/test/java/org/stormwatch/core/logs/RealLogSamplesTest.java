package org.stormwatch.core.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/** Every real log under ../shared/data/real/logs reads without a malformed line, or says why. */
class RealLogSamplesTest {
  /** Files with malformed lines on purpose: file name to (reason to count). */
  private static final Map<String, Map<String, Long>> EXPECTED_MALFORMED =
      Map.of(
          // DROP records to the invalid address '192.168.1.10055', as in the original file.
          "pfirewall_lab_rafaelnett.log", Map.of("bad address", 17L),
          // Five 106006 messages with masked addresses (***) and a 106015 message whose
          // destination '192.168.20' has three octets, as in the OSSEC documentation.
          "ossec-docs_pix_samples.log", Map.of("bad address", 6L),
          // The last line is a stats record whose 'event_type' key was renamed to 'F'.
          "eve_sunnystation_2022-02-23.json", Map.of("missing event_type", 1L));

  private static List<Path> files() throws IOException {
    assumeTrue(Files.isDirectory(LogTesting.REAL_LOGS), "no real logs at " + LogTesting.REAL_LOGS);
    try (Stream<Path> s = Files.walk(LogTesting.REAL_LOGS)) {
      return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
  }

  private static LogTesting.Result read(String relative) throws IOException, InputException {
    Path f = LogTesting.REAL_LOGS.resolve(relative);
    assumeTrue(Files.isRegularFile(f), "missing " + f);
    return LogTesting.read(f, LogOptions.defaults());
  }

  @Test
  void everyRealLogIsDetectedAndReadWithNoUnexplainedMalformedLine()
      throws IOException, InputException {
    List<Path> files = files();
    assertThat(files).hasSizeGreaterThanOrEqualTo(19);
    for (Path f : files) {
      LogTesting.Result r = LogTesting.read(f, LogOptions.defaults());
      String name = f.getFileName().toString();
      assertThat(r.addsUp()).as(name).isTrue();
      assertThat(r.stats().malformed().asMap())
          .as(name + " " + r.stats().examples())
          .isEqualTo(EXPECTED_MALFORMED.getOrDefault(name, Map.of()));
      assertThat(r.stats().units()).as(name).isPositive();
    }
  }

  @Test
  void psadSynScanHas501DistinctPortsFromOneSource() throws IOException, InputException {
    LogTesting.Result r = read("iptables/psad_syn_scan_1000_1500.log");
    assertThat(r.stats().probes()).isEqualTo(1002);
    assertThat(r.probes()).extracting(Probe::sourceText).containsOnly("192.168.10.55");
    Set<Integer> ports = r.probes().stream().map(Probe::dstPort).collect(Collectors.toSet());
    assertThat(ports).hasSize(501);
    assertThat(ports.stream().mapToInt(Integer::intValue).min().orElseThrow()).isEqualTo(1000);
    assertThat(ports.stream().mapToInt(Integer::intValue).max().orElseThrow()).isEqualTo(1500);
  }

  @Test
  void multiDestinationScanReachesFourTargets() throws IOException, InputException {
    LogTesting.Result r = read("iptables/psad_syn_scan_1000_1500_multi_dst.log");
    assertThat(r.probes().stream().map(Probe::destinationText).distinct()).hasSize(4);
    assertThat(r.stats().probes()).isEqualTo(4008);
  }

  @Test
  void udpScanCovers151PortsAndFinScanCountsAsProbes() throws IOException, InputException {
    LogTesting.Result udp = read("iptables/psad_udp_scan_1000_1150.log");
    assertThat(udp.probes()).extracting(Probe::protocol).containsOnly(Protocol.UDP);
    assertThat(udp.probes().stream().map(Probe::dstPort).distinct()).hasSize(151);
    assertThat(udp.probes().get(0).ipLength()).isEqualTo(28);
    LogTesting.Result fin = read("iptables/psad_fin_scan_1000_1150.log");
    assertThat(fin.stats().probes()).isEqualTo(302);
    assertThat(fin.probes()).extracting(Probe::tcpFlags).containsOnly(ProbeRules.FIN);
  }

  @Test
  void synAckBackscatterIsNoScan() throws IOException, InputException {
    LogTesting.Result r = read("iptables/internet_vm_blocked_dunneja.log");
    assertThat(r.stats().probes()).isZero();
    assertThat(r.stats().notProbes().get(ProbeRules.TCP_ACK.reason())).isEqualTo(r.stats().units());
  }

  @Test
  void rfc3339SampleKeepsItsOffsetAndSkipsIgmp() throws IOException, InputException {
    LogTesting.Result r = read("iptables/psad_syslog_time_fmt1.log");
    assertThat(r.stats().probes()).isEqualTo(2);
    assertThat(r.probes().get(0).time().toString()).isEqualTo("2015-03-07T03:09:30.045015Z");
    assertThat(r.stats().notProbes().get(ProbeRules.OTHER_PROTOCOL.reason())).isEqualTo(4);
  }

  @Test
  void ipv6ScanYieldsIpv6Probes() throws IOException, InputException {
    LogTesting.Result r = read("iptables/psad_ipv6_tcp_connect_nmap_default_scan.log");
    assertThat(r.probes()).extracting(Probe::sourceText).containsOnly("2001:db8:0:f101::2");
    assertThat(r.stats().notProbes().get(ProbeRules.ICMP_NOT_ECHO.reason())).isEqualTo(1);
  }

  @Test
  void pflogSynScanCovers400Ports() throws IOException, InputException {
    LogTesting.Result r = read("pf/psad_openbsd_pflog_syn_scan_1100_1500.log");
    assertThat(r.stats().probes()).isEqualTo(800);
    // 1100-1500 is 401 ports, but the capture never shows port 1337 (grep agrees: 400).
    assertThat(r.probes().stream().map(Probe::dstPort).distinct()).hasSize(400);
    LogTesting.Result pass = read("pf/ossec-docs_pf_syslog_samples.log");
    assertThat(pass.stats().notProbes().get(PfParser.PASS.reason())).isEqualTo(30);
  }

  @Test
  void cerberSweepHits576HostsOnUdp6892() throws IOException, InputException {
    LogTesting.Result r = read("zeek_conn/conn_cerber_udp6892_sweep_2016-12-15.log");
    List<Probe> sweep =
        r.probes().stream()
            .filter(p -> p.protocol() == Protocol.UDP && p.dstPort() == 6892)
            .collect(Collectors.toList());
    assertThat(sweep).hasSize(1152);
    assertThat(sweep.stream().map(Probe::destinationText).distinct()).hasSize(576);
    assertThat(sweep).extracting(Probe::sourceText).containsOnly("10.12.15.101");
  }

  @Test
  void windowsFirewallDropsAreProbesAndAllowsAreNot() throws IOException, InputException {
    LogTesting.Result home = read("windows_firewall/pfirewall_home_betahydri.log");
    assertThat(home.stats().probes()).isEqualTo(11688);
    assertThat(home.stats().notProbes().get("pfirewall ALLOW")).isEqualTo(5119);
    LogTesting.Result lab = read("windows_firewall/pfirewall_lab_rafaelnett.log");
    assertThat(lab.stats().probes() + lab.stats().malformed().total()).isEqualTo(56);
  }

  @Test
  void suricataSampleHasProbesOnlyFromFlowsAndAlerts() throws IOException, InputException {
    LogTesting.Result r = read("suricata_eve/eve_sunnystation_2022-02-23.json");
    assertThat(r.stats().units()).isEqualTo(2325);
    assertThat(r.stats().probes()).isPositive();
    assertThat(r.probes().stream().filter(p -> p.dstPort() == 137)).isNotEmpty();
  }
}

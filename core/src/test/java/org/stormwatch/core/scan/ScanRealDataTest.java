package org.stormwatch.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.InputOptions;
import org.stormwatch.core.input.Inputs;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.logs.LogOptions;
import org.stormwatch.core.testing.RealData;

/** The known scanners of third-party captures and logs (../shared/data/real; skipped without). */
class ScanRealDataTest {
  static List<ScannerFinding> findings(String relative) throws InputException {
    Path file = RealData.root().resolve(relative);
    ScannerDetector detector = new ScannerDetector();
    InputOptions options = new InputOptions("", LogOptions.defaults().withYear(2015));
    new Inputs(options).read(file.toString(), detector, new ReadStats());
    List<ScannerFinding> findings = detector.findings();
    findings.forEach(f -> System.out.println(relative + ": " + f));
    return findings;
  }

  @ParameterizedTest(name = "{0}: {1} {2} by {3}")
  @CsvSource({
    "pcap/scan_evilfingers_nmap_tcp_syn.pcap, 192.168.1.10, vertical, trw",
    "pcap/scan_chrissanders_synscan.pcap, 172.16.0.8, vertical, trw",
    "pcap/scan_nbns_forensicscontest_evidence04.pcap, 10.42.42.253, vertical, trw",
    "pcap/scan_cerber_udp6892_sweep_2016-12-15.pcap, 10.12.15.101, horizontal, trw",
    "logs/iptables/psad_syn_scan_1000_1500.log, 192.168.10.55, vertical, window",
  })
  void flagsTheKnownScannerWithItsKind_andNobodyElse(
      String file, String scanner, String kind, String method) throws InputException {
    List<ScannerFinding> findings = findings(file);
    assertThat(findings).extracting(f -> f.source().toString()).containsExactly(scanner);
    ScannerFinding f = findings.get(0);
    assertThat(f.kind().label()).isEqualTo(kind);
    assertThat(f.method().label()).isEqualTo(method);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"logs/iptables/internet_vm_blocked_dunneja.log"})
  void synAckBackscatter_flagsNobody(String file) throws InputException {
    assertThat(findings(file)).isEmpty();
  }
}

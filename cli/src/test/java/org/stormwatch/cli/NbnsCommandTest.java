package org.stormwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.testing.RealData;

/**
 * {@code stormwatch nbns} on every real capture that holds NBNS: the counts of its JSON Lines
 * output equal what tshark counted in PCAP_STATS.tsv (written by the people who collected the
 * data).
 */
class NbnsCommandTest {
  record Stats(
      String file,
      int queries,
      int broadcast,
      int highPort,
      int broadcastAndHighPort,
      int nbstat,
      int responses,
      int otherRequests) {}

  static Stream<Stats> captures() throws IOException {
    List<String> lines = Files.readAllLines(RealData.root().resolve("PCAP_STATS.tsv"));
    return lines.stream()
        .skip(1)
        .map(l -> l.split("\t"))
        .filter(f -> Integer.parseInt(f[3]) > 0)
        .map(f -> new Stats(f[0], i(f[4]), i(f[5]), i(f[6]), i(f[7]), i(f[8]), i(f[9]), i(f[10])));
  }

  private static int i(String s) {
    return Integer.parseInt(s);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void countsEqualTsharks(Stats expected) {
    Path capture = RealData.root().resolve("pcap").resolve(expected.file());
    ReportCommandTest.Result r =
        ReportCommandTest.run("nbns", "--format", "jsonl", capture.toString());
    assertThat(r.status()).isZero();
    int queries = 0;
    int broadcast = 0;
    int highPort = 0;
    int both = 0;
    int nbstat = 0;
    int responses = 0;
    int other = 0;
    for (String line : r.out().lines().toList()) {
      boolean response = line.contains("\"response\":true");
      boolean request = line.contains("\"response\":false");
      if (response) {
        responses++;
        continue;
      }
      if (!request) {
        continue;
      }
      if (!line.contains("\"opcode\":\"query\"")) {
        other++;
        continue;
      }
      queries++;
      boolean b = line.contains("\"b\":true");
      boolean high = sport(line) >= 1025;
      broadcast += b ? 1 : 0;
      highPort += high ? 1 : 0;
      both += b && high ? 1 : 0;
      nbstat += line.contains("\"qtype\":\"NBSTAT\"") ? 1 : 0;
    }
    assertThat(
            new Stats(
                expected.file(), queries, broadcast, highPort, both, nbstat, responses, other))
        .isEqualTo(expected);
  }

  private static int sport(String line) {
    Matcher m = Pattern.compile("\"sport\":(\\d+)").matcher(line);
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void forgedOnlyShowsTheXscanLookup() {
    Path capture = RealData.root().resolve("pcap").resolve("scan_nbns_evilfingers_xscan.pcap");
    ReportCommandTest.Result r =
        ReportCommandTest.run("nbns", "--forged-only", "--format", "jsonl", capture.toString());
    assertThat(r.out().lines().toList())
        .singleElement()
        .asString()
        .contains(
            "\"src\":\"192.168.1.125\",\"sport\":12406,\"dst\":\"192.168.1.120\",\"dport\":137")
        .contains("\"forged\":true")
        .contains("\"flags\":{\"aa\":false,\"tc\":false,\"rd\":false,\"ra\":false,\"b\":true}")
        .contains("\"qtype\":\"NBSTAT\"");
    assertThat(r.err())
        .contains("forged lookups                   1")
        .contains("wildcard NBSTAT requests         4");
  }

  @Test
  void windowsBroadcastQueriesFromHighPortsAreNotForged() {
    Path capture =
        RealData.root().resolve("pcap").resolve("scan_nbns_forensicscontest_evidence04.pcap");
    ReportCommandTest.Result r =
        ReportCommandTest.run("nbns", "--forged-only", "--format", "csv", capture.toString());
    assertThat(r.out().lines().toList())
        .containsExactly(
            "time,src,sport,dst,dport,id,response,opcode,aa,tc,rd,ra,b,rcode,name,qtype,forged,reasons");
  }

  @Test
  void aFileThatIsNoCaptureFailsWithOneLine(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Path text = dir.resolve("x.log");
    Files.writeString(text, "Mar 11 20:35:11 host kernel: DROP IN=eth0\n");
    ReportCommandTest.Result r = ReportCommandTest.run("nbns", text.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains(text + ": not a pcap or pcapng capture");
  }
}

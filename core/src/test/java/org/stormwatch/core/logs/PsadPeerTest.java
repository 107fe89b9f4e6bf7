package org.stormwatch.core.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;

/**
 * psad as a peer: on the real iptables samples, every scan that {@code psad -A -m FILE} reports
 * (source, destination, protocol, port range) is among our probes with the same lowest and highest
 * port. psad prints port ranges, not port sets, so the range ends are what can be compared.
 */
class PsadPeerTest {
  private static final Path PSAD = Path.of("/usr/sbin/psad");
  private static final Pattern SRC = Pattern.compile("^SRC:\\s+(\\S+)");
  private static final Pattern DST = Pattern.compile("^\\s+DST:\\s+(\\S+)");
  private static final Pattern PORTS =
      Pattern.compile("^\\s+Scanned ports: (TCP|UDP) (\\d+)(?:-(\\d+))?, Pkts: (\\d+)");

  record Scan(String src, String dst, String proto, int low, int high) {}

  @Test
  void everyScanPsadReportsIsAmongOurProbesWithTheSamePorts() throws Exception {
    if (!Files.isExecutable(PSAD)) {
      if ("true".equals(System.getenv("CI"))) {
        fail("psad is not installed at " + PSAD + " (apt-get install -y psad)");
      }
      assumeTrue(false, "psad is not installed at " + PSAD + "; skipping the peer comparison");
    }
    assumeTrue(Files.isDirectory(LogTesting.REAL_LOGS), "no real logs at " + LogTesting.REAL_LOGS);
    List<String> files =
        List.of(
            "psad_syn_scan_1000_1500.log",
            "psad_udp_scan_1000_1150.log",
            "psad_fin_scan_1000_1150.log",
            "psad_ipv6_tcp_connect_nmap_default_scan.log",
            "psad_mirai_default_credentials_scan.log");
    int compared = 0;
    for (String name : files) {
      Path file = LogTesting.REAL_LOGS.resolve("iptables").resolve(name);
      List<Scan> scans = psad(file);
      assertThat(scans).as("psad found no scan in " + name).isNotEmpty();
      List<Probe> probes = LogTesting.read(file, LogOptions.defaults()).probes();
      for (Scan s : scans) {
        List<Integer> ports =
            probes.stream()
                .filter(
                    p ->
                        same(p.srcHi(), p.srcLo(), s.src())
                            && same(p.dstHi(), p.dstLo(), s.dst())
                            && p.protocol().name().equals(s.proto()))
                .map(Probe::dstPort)
                .collect(Collectors.toList());
        assertThat(ports).as(name + " " + s).isNotEmpty();
        assertThat(ports.stream().mapToInt(Integer::intValue).min().orElseThrow())
            .as(name + " " + s)
            .isEqualTo(s.low());
        assertThat(ports.stream().mapToInt(Integer::intValue).max().orElseThrow())
            .as(name + " " + s)
            .isEqualTo(s.high());
        compared++;
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(files.size());
  }

  private static boolean same(long hi, long lo, String address) {
    long[] a = IpAddresses.parse(address);
    return a[0] == hi && a[1] == lo;
  }

  /** Runs psad's offline analysis and reads the scans from its "IP Status Detail". */
  private static List<Scan> psad(Path file) throws IOException, InterruptedException {
    Path out = Files.createTempFile("psad", ".txt");
    try {
      Process p =
          new ProcessBuilder(
                  PSAD.toString(),
                  "-A",
                  "-m",
                  file.toString(),
                  "--no-whois",
                  "--no-rdns",
                  "--no-snort-sids",
                  "--no-signatures")
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("psad did not finish within 300 s on " + file);
      }
      List<Scan> scans = new ArrayList<>();
      String src = null;
      String dst = null;
      for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
        Matcher m = SRC.matcher(line);
        if (m.find()) {
          src = m.group(1).replaceAll(",$", "");
          continue;
        }
        m = DST.matcher(line);
        if (m.find()) {
          dst = m.group(1);
          continue;
        }
        m = PORTS.matcher(line);
        if (m.find() && src != null && dst != null) {
          int low = Integer.parseInt(m.group(2));
          int high = m.group(3) == null ? low : Integer.parseInt(m.group(3));
          scans.add(new Scan(src, dst, m.group(1).toUpperCase(Locale.ROOT), low, high));
        }
      }
      return scans;
    } finally {
      Files.deleteIfExists(out);
    }
  }
}

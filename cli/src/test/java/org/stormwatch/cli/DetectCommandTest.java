package org.stormwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stormwatch.core.capture.PacketBuilder;
import org.stormwatch.core.capture.PcapWriter;
import org.stormwatch.core.decode.LinkTypes;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.nbns.NbnsQueries;
import picocli.CommandLine;

/**
 * {@code detect} on a capture written here: five weeks of a few legitimate name lookups on 137/udp
 * and some SYNs on 445/tcp, then from 2002-09-28 a growing wave of forged wildcard NBSTAT lookups
 * (broadcast bit, source port 1025 and up) from many new sources.
 */
class DetectCommandTest {
  static final Instant START = Instant.parse("2002-08-24T00:00:00Z");
  static final int ONSET_DAY = 35; // 2002-09-28

  @TempDir Path dir;

  record Result(int status, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new DetectCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int status = cl.execute(args);
    return new Result(status, out.toString(), err.toString());
  }

  private Path capture(int days) throws IOException {
    Path file = dir.resolve("outbreak.pcap");
    Random r = new Random(2002);
    try (OutputStream os = Files.newOutputStream(file);
        PcapWriter w = new PcapWriter(os, LinkTypes.ETHERNET)) {
      for (int day = 0; day < days; day++) {
        long dayStart = START.getEpochSecond() + day * 86_400L;
        for (int i = 0; i < 2 + r.nextInt(4); i++) {
          long src = IpAddresses.v4Lo(0x0a000000 | r.nextInt(16));
          long dst = IpAddresses.v4Lo(0xc0a80000 | r.nextInt(256));
          w.write(
              time(dayStart, r),
              PacketBuilder.ethernet(
                  0,
                  src,
                  137,
                  0,
                  dst,
                  137,
                  Protocol.UDP,
                  0,
                  128,
                  NbnsQueries.wildcardNodeStatus(r.nextInt(65_536), false)));
        }
        for (int i = 0; i < 20 + r.nextInt(10); i++) {
          long src = IpAddresses.v4Lo(0x3c000000 | r.nextInt(1 << 12));
          long dst = IpAddresses.v4Lo(0xc0a80000 | r.nextInt(256));
          w.write(
              time(dayStart, r),
              PacketBuilder.ethernet(
                  0,
                  src,
                  1024 + r.nextInt(60_000),
                  0,
                  dst,
                  445,
                  Protocol.TCP,
                  0x02,
                  64,
                  new byte[0]));
        }
        if (day >= ONSET_DAY) {
          int wave = (int) (100 * Math.pow(3, day - ONSET_DAY));
          for (int i = 0; i < wave; i++) {
            long src = IpAddresses.v4Lo(r.nextInt() | 0x01000000);
            long dst = IpAddresses.v4Lo(0xc0a80000 | r.nextInt(65_536));
            w.write(
                time(dayStart, r),
                PacketBuilder.ethernet(
                    0,
                    src,
                    1025 + r.nextInt(4000),
                    0,
                    dst,
                    137,
                    Protocol.UDP,
                    0,
                    110,
                    NbnsQueries.wildcardNodeStatus(r.nextInt(65_536), true)));
          }
        }
      }
    }
    return file;
  }

  private static long time(long dayStart, Random r) {
    return (dayStart * 1_000_000L + (long) (r.nextDouble() * 86_400_000_000L)) * 1000L;
  }

  @Test
  void table_givesTheSentenceOfTheOutbreak_thenTheAlertTable() throws IOException {
    Result r = run("--no-progress", capture(ONSET_DAY + 3).toString());
    assertThat(r.status()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0))
        .startsWith("137/udp: ")
        .contains(" since 2002-09-28 (")
        .contains(
            "of probes are forged lookups with the broadcast bit set and a source port of 1025 or higher (baseline 0%)")
        // The legitimate lookups of the baseline are wildcard NBSTAT queries too: not a difference.
        .doesNotContain("NBSTAT");
    assertThat(r.out()).doesNotContain("445/tcp");
    assertThat(r.out())
        .contains("port", "onset", "trend")
        .contains("2002-09-28")
        .contains("rising");
    assertThat(r.err()).contains("probes");
  }

  @Test
  void jsonl_carriesTheDocumentedFields() throws IOException {
    Result r = run("--format", "jsonl", "--no-progress", capture(ONSET_DAY + 3).toString());
    assertThat(r.status()).isZero();
    List<String> alerts = r.out().lines().filter(l -> l.contains("\"kind\":\"surge\"")).toList();
    assertThat(alerts).hasSize(1);
    String a = alerts.get(0);
    assertThat(a)
        .startsWith("{\"kind\":\"surge\",\"method\":\"default\",\"port\":137,\"protocol\":\"udp\",")
        .contains("\"onset\":\"2002-09-28T00:00:00Z\"")
        .contains("\"detected\":\"2002-09-28T00:00:00Z\"")
        .containsPattern(
            "\"score\":[0-9.]+,\"records\":[0-9]+,\"sources\":[0-9]+,\"targets\":[0-9]+")
        .containsPattern(
            "\"baseline\":\\{\"records\":[0-9.]+,\"sources\":[0-9.]+,\"targets\":[0-9.]+}")
        .contains("\"trend\":\"rising\"")
        .containsPattern(
            "\\{\"feature\":\"nbns_forged\",\"value\":\"forged\",\"share\":[0-9.]+,\"baseline_share\":0}")
        .contains("\"summary\":\"137/udp: ");
  }

  @Test
  void iscMethod_runsOnTheSameInput() throws IOException {
    Result r =
        run(
            "--method",
            "isc",
            "--format",
            "jsonl",
            "--no-progress",
            capture(ONSET_DAY + 3).toString());
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("\"method\":\"isc\",\"port\":137,\"protocol\":\"udp\"");
  }

  @Test
  void tooLittleHistory_isSaid_notAlerted() throws IOException {
    Result r = run("--no-progress", capture(4).toString());
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains("No surges.")
        .contains("note: baseline from 3 days")
        .contains("note: 445/tcp: baseline from 3 days");
  }

  @Test
  void unknownMethod_isAUsageError() {
    Result r = run("--method", "magic", "x.pcap");
    assertThat(r.status()).isNotZero();
    assertThat(r.err()).contains("magic");
  }
}

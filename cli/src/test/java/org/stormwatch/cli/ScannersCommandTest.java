package org.stormwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stormwatch.core.capture.PacketBuilder;
import org.stormwatch.core.capture.PcapWriter;
import org.stormwatch.core.decode.LinkTypes;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Protocol;
import picocli.CommandLine;

class ScannersCommandTest {
  @TempDir Path dir;

  record Result(int status, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ScannersCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int status = cli.execute(args);
    return new Result(status, out.toString(), err.toString());
  }

  private static final long T0 =
      Instant.parse("2002-09-28T10:00:00Z").getEpochSecond() * 1_000_000_000L;
  private static final long MS = 1_000_000L;

  /**
   * 203.0.113.9 SYN-scans ports 1-20 of 192.168.0.1, each answered by a RST; 198.51.100.20 opens 10
   * connections to 10 web servers, each answered by a SYN-ACK.
   */
  private Path capture() throws IOException {
    Path file = dir.resolve("scan.pcap");
    long scanner = IpAddresses.v4Lo(0xcb007109);
    long client = IpAddresses.v4Lo(0xc6336414);
    long victim = IpAddresses.v4Lo(0xc0a80001);
    try (OutputStream os = Files.newOutputStream(file);
        PcapWriter w = new PcapWriter(os, LinkTypes.ETHERNET)) {
      for (int port = 1; port <= 20; port++) {
        long t = T0 + port * 10 * MS;
        w.write(
            t,
            PacketBuilder.ethernet(
                0, scanner, 50000, 0, victim, port, Protocol.TCP, 0x02, 64, new byte[0]));
        w.write(
            t + MS,
            PacketBuilder.ethernet(
                0, victim, port, 0, scanner, 50000, Protocol.TCP, 0x14, 64, new byte[0]));
        long server = IpAddresses.v4Lo(0xc0000250 + port);
        if (port <= 10) {
          w.write(
              t + 2 * MS,
              PacketBuilder.ethernet(
                  0, client, 40000 + port, 0, server, 443, Protocol.TCP, 0x02, 64, new byte[0]));
          w.write(
              t + 3 * MS,
              PacketBuilder.ethernet(
                  0, server, 443, 0, client, 40000 + port, Protocol.TCP, 0x12, 64, new byte[0]));
        }
      }
    }
    return file;
  }

  /** netfilter drops: 10.0.0.5 to 30 addresses on 23/tcp within a minute. */
  private Path log() throws IOException {
    Path file = dir.resolve("drops.log");
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      lines.add(
          String.format(
              "2002-09-28T10:00:%02d+00:00 fw kernel: DROP IN=eth0 OUT= SRC=10.0.0.5"
                  + " DST=192.168.1.%d LEN=44 TOS=0x00 PREC=0x00 TTL=53 ID=1 PROTO=TCP SPT=4000"
                  + " DPT=23 WINDOW=1024 RES=0x00 SYN URGP=0",
              i, i));
    }
    Files.write(file, lines);
    return file;
  }

  @Test
  void jsonlCarriesTheDocumentedFields_forTheScannerOnly() throws IOException {
    Result r = run("--format", "jsonl", "--no-progress", capture().toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "{\"source\":\"203.0.113.9\",\"kind\":\"vertical\",\"method\":\"trw\","
                + "\"first_seen\":\"2002-09-28T10:00:00.010Z\","
                + "\"detected\":\"2002-09-28T10:00:00.041Z\",\"probes_to_detection\":4,"
                + "\"evidence\":4,\"probes\":20,\"ports\":20,\"targets\":1,"
                + "\"example_ports\":[\"1/tcp\",\"2/tcp\",\"3/tcp\",\"4/tcp\",\"5/tcp\"]}");
    assertThat(r.err()).contains("probes      30");
  }

  @Test
  void table_saysWhichTestsApplied() throws IOException {
    Result r = run("--no-progress", capture().toString());
    assertThat(r.status()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("Replies seen");
    assertThat(lines.get(1)).startsWith("SOURCE").contains("PROBES TO DETECTION");
    assertThat(lines.get(2)).startsWith("203.0.113.9").contains("vertical", "trw");
    assertThat(lines).hasSize(3);
  }

  @Test
  void logOfDrops_usesTheWindows() throws IOException {
    Result r = run("--format", "jsonl", "--no-progress", log().toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains(
                        "\"source\":\"10.0.0.5\"",
                        "\"kind\":\"horizontal\"",
                        "\"method\":\"window\"",
                        "\"probes_to_detection\":25",
                        "\"probes\":30",
                        "\"targets\":30"));
  }

  @Test
  void unknownFormat_isAUsageError() throws IOException {
    Result r = run("--format", "csv", capture().toString());
    assertThat(r.status()).isEqualTo(Main.EXIT_INPUT);
    assertThat(r.err()).contains("--format must be table or jsonl");
  }

  @Test
  void history_givesTheScannersOfTheIngestedCapture() {
    Path file = dir.resolve("sim.pcap");
    ReportCommandTest.Result sim =
        ReportCommandTest.run(
            "simulate",
            "--preset",
            "random",
            "--seed",
            "11",
            "--scale",
            "0.02",
            "--days",
            "6",
            "--out",
            file.toString());
    assertThat(sim.status()).as(sim.err()).isZero();
    String data = dir.resolve("data").toString();
    // Small chunks, so that history holds several submissions whose days overlap.
    ReportCommandTest.Result ingest =
        ReportCommandTest.run(
            "ingest", "--no-progress", "--chunk-probes", "7000", "--data", data, file.toString());
    assertThat(ingest.status()).as(ingest.err()).isZero();
    Result fromFile = run("--no-progress", "--format", "jsonl", file.toString());
    Result fromHistory = run("--format", "jsonl", "--data", data);
    assertThat(fromHistory.status()).as(fromHistory.err()).isZero();
    assertThat(fromFile.out().lines().count()).isGreaterThan(2);
    assertThat(fromHistory.out()).isEqualTo(fromFile.out());
    assertThat(fromHistory.err()).containsPattern("read [0-9,]+ stored probes from ");
    Result table = run("--data", data);
    assertThat(table.out()).startsWith("No replies seen: window thresholds over all probes only.");
  }

  @Test
  void noInputAndNoStore_isAUsageError() {
    Result r = run();
    assertThat(r.status()).isEqualTo(Main.EXIT_INPUT);
    assertThat(r.err()).contains("give one or more INPUT files, or --data DIR / --db URL");
  }
}

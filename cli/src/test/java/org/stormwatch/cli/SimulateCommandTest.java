package org.stormwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {
  @TempDir Path dir;

  record Result(int status, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SimulateCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int status = cli.execute(args);
    return new Result(status, out.toString(), err.toString());
  }

  @Test
  void writesTheCaptureAndTruthAndAOneLineSummary() throws Exception {
    Path pcap = dir.resolve("s.pcap");
    Path truth = dir.resolve("t.json");
    Result r =
        run(
            "--preset",
            "port137-2002",
            "--seed",
            "3",
            "--scale",
            "0.002",
            "--out",
            pcap.toString(),
            "--truth",
            truth.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err())
        .contains("probes")
        .contains("2002-08-25 to 2002-10-05")
        .contains("1 outbreak (137/udp from 2002-09-28T00:00:00Z)")
        .contains("pcap " + pcap);
    byte[] head = Files.readAllBytes(pcap);
    assertThat(head[0] & 0xff).isEqualTo(0xd4); // pcap magic, little-endian
    String json = Files.readString(truth);
    assertThat(json)
        .startsWith("{\"format\":\"stormwatch-simulation-truth\",\"version\":1,")
        .contains(
            "\"outbreaks\":[\n{\"port\":137,\"protocol\":\"udp\",\"onset\":\"2002-09-28T00:00:00Z\"")
        .contains("\"outbreak\":true")
        .endsWith("]}\n");
  }

  @Test
  void daysAndFormatChangeTheOutput() throws Exception {
    Path log = dir.resolve("s.log");
    Result r =
        run(
            "--preset",
            "background",
            "--scale",
            "0.001",
            "--days",
            "2",
            "--format",
            "dshield",
            "--out",
            log.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.err()).contains("2024-01-01 to 2024-01-02").contains("no outbreak");
    assertThat(Files.readAllLines(log)).allSatisfy(l -> assertThat(l).matches("2024-01-0[12] .*"));
  }

  @Test
  void badValuesAreNamed() {
    String out = dir.resolve("x").toString();
    assertThat(run("--preset", "nope", "--out", out).err())
        .contains("unknown preset 'nope'")
        .contains("port137-2002");
    assertThat(run("--preset", "background", "--scale", "-1", "--out", out).err())
        .contains("--scale")
        .contains("-1");
    assertThat(run("--preset", "background", "--days", "0", "--out", out).err())
        .contains("--days must be 1 to");
    Result bad = run("--preset", "background", "--format", "csv", "--out", out);
    assertThat(bad.status()).isEqualTo(Main.EXIT_INPUT);
    assertThat(bad.err()).contains("unknown format 'csv'");
    Result noDir =
        run(
            "--preset",
            "background",
            "--days",
            "1",
            "--scale",
            "0.001",
            "--out",
            dir.resolve("missing/x.pcap").toString());
    assertThat(noDir.status()).isEqualTo(Main.EXIT_INPUT);
    assertThat(noDir.err()).contains("cannot write").contains("missing");
  }
}

package org.stormwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandTest {
  @TempDir Path dir;

  private Path simulate(String preset, int days) {
    Path file = dir.resolve(preset + ".pcap");
    ReportCommandTest.Result r =
        ReportCommandTest.run(
            "simulate",
            "--preset",
            preset,
            "--seed",
            "5",
            "--scale",
            "0.02",
            "--days",
            Integer.toString(days),
            "--out",
            file.toString());
    assertThat(r.status()).as(r.err()).isZero();
    return file;
  }

  @Test
  void sameInputTwice_countsOnce_andHistoryReportsWhatTheFileDoes() {
    Path file = simulate("random", 8);
    String data = dir.resolve("data").toString();
    ReportCommandTest.Result first =
        ReportCommandTest.run("ingest", "--no-progress", "--data", data, file.toString());
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(first.out()).containsPattern("random.pcap: stored [0-9,]+ probes in 1 chunk\\n");
    // The same bytes under another name are the same submission.
    Path copy = dir.resolve("copy.pcap");
    try {
      java.nio.file.Files.copy(file, copy);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ReportCommandTest.Result again =
        ReportCommandTest.run("ingest", "--no-progress", "--data", data, copy.toString());
    assertThat(again.status()).isZero();
    assertThat(again.out()).contains("copy.pcap: already stored (").contains("nothing added");
    for (String bucket : new String[] {"1h", "1d"}) {
      ReportCommandTest.Result fromFile =
          ReportCommandTest.run(
              "report", "--no-progress", "--format", "csv", "--bucket", bucket, file.toString());
      ReportCommandTest.Result fromHistory =
          ReportCommandTest.run("report", "--format", "csv", "--bucket", bucket, "--data", data);
      assertThat(fromHistory.status()).as(fromHistory.err()).isZero();
      assertThat(fromHistory.out()).isEqualTo(fromFile.out());
    }
  }

  @Test
  void killedIngest_resumesWithoutCountingAnythingTwice() throws Exception {
    Path file = simulate("random", 8);
    Path data = dir.resolve("data");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "ingest",
                "--no-progress",
                "--chunk-probes",
                "3000",
                "--data",
                data.toString(),
                file.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    do {
      line = lines.readLine();
      assertThat(line).as("ingest ended before its second chunk").isNotNull();
    } while (!line.contains("chunk 1: stored"));
    new ProcessBuilder("kill", "-KILL", Long.toString(child.pid())).start().waitFor();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    ReportCommandTest.Result resumed =
        ReportCommandTest.run(
            "ingest",
            "--no-progress",
            "--chunk-probes",
            "3000",
            "--data",
            data.toString(),
            file.toString());
    assertThat(resumed.status()).as(resumed.err()).isZero();
    assertThat(resumed.out()).containsPattern("were already stored");
    ReportCommandTest.Result fromFile =
        ReportCommandTest.run(
            "report", "--no-progress", "--format", "csv", "--bucket", "1h", file.toString());
    ReportCommandTest.Result fromHistory =
        ReportCommandTest.run(
            "report", "--format", "csv", "--bucket", "1h", "--data", data.toString());
    assertThat(fromHistory.out()).isEqualTo(fromFile.out());
  }

  @Test
  void detectFromHistory_countsTheSameScannersAsTheFile() {
    // A random scenario (seed 8) whose 7877/tcp alert has a source that the scanner detector
    // flags: history must find it from the stored probes, not report the scanners as unknown.
    Path file = dir.resolve("random8.pcap");
    ReportCommandTest.Result sim =
        ReportCommandTest.run(
            "simulate",
            "--preset",
            "random",
            "--seed",
            "8",
            "--scale",
            "0.05",
            "--out",
            file.toString());
    assertThat(sim.status()).as(sim.err()).isZero();
    String data = dir.resolve("data8").toString();
    assertThat(
            ReportCommandTest.run("ingest", "--no-progress", "--data", data, file.toString())
                .status())
        .isZero();
    ReportCommandTest.Result fromFile =
        ReportCommandTest.run("detect", "--no-progress", "--format", "jsonl", file.toString());
    ReportCommandTest.Result fromHistory =
        ReportCommandTest.run("detect", "--format", "jsonl", "--data", data);
    assertThat(fromHistory.status()).as(fromHistory.err()).isZero();
    Pattern scanners = Pattern.compile("\"port\":7877,.*?\"scanners\":(\\w+)");
    Matcher inFile = scanners.matcher(fromFile.out());
    Matcher inHistory = scanners.matcher(fromHistory.out());
    assertThat(inFile.find()).as(fromFile.out()).isTrue();
    assertThat(inHistory.find()).as(fromHistory.out()).isTrue();
    assertThat(Integer.parseInt(inFile.group(1))).isPositive();
    assertThat(inHistory.group(1)).isEqualTo(inFile.group(1));
  }

  @Test
  void detectFromHistory_findsTheSurgeTheFileShows() {
    Path file = simulate("port137-2002", 42);
    String data = dir.resolve("data").toString();
    assertThat(
            ReportCommandTest.run("ingest", "--no-progress", "--data", data, file.toString())
                .status())
        .isZero();
    ReportCommandTest.Result fromFile =
        ReportCommandTest.run("detect", "--no-progress", "--format", "jsonl", file.toString());
    ReportCommandTest.Result fromHistory =
        ReportCommandTest.run("detect", "--format", "jsonl", "--data", data);
    assertThat(fromHistory.status()).as(fromHistory.err()).isZero();
    assertThat(fromFile.out()).contains("\"port\":137,\"protocol\":\"udp\"");
    // Below 4096 distinct addresses an hour's counts are exact, so the alerts are the same but for
    // the reach: over the whole surge its distinct sources and targets pass 4096 and come from
    // merged HyperLogLog counters (within the stated ±2.4% at 99.7%). The scanners among them come
    // from the stored probes through the same detector, so they agree with the file's.
    Pattern fields = Pattern.compile("\"sources\":(\\d+),\"targets\":(\\d+),\"scanners\":(\\w+)");
    Matcher inFile = fields.matcher(fromFile.out());
    Matcher inHistory = fields.matcher(fromHistory.out());
    assertThat(inFile.find()).isTrue();
    assertThat(inHistory.find()).isTrue();
    for (int g = 1; g <= 2; g++) {
      assertThat(Double.parseDouble(inHistory.group(g)))
          .isCloseTo(Double.parseDouble(inFile.group(g)), Percentage.withPercentage(2.4));
    }
    assertThat(inFile.group(3)).isEqualTo("0");
    assertThat(inHistory.group(3)).isEqualTo(inFile.group(3));
    String sameElsewhere =
        "\"sources\":\\d+,\"targets\":\\d+,\"scanners\":\\w+|\"summary\":\"[^\"]*\"";
    assertThat(fromHistory.out().replaceAll(sameElsewhere, ""))
        .isEqualTo(fromFile.out().replaceAll(sameElsewhere, ""));
  }

  @Test
  void withoutInputsOrStore_reportAndScannersSaySo() {
    ReportCommandTest.Result report = ReportCommandTest.run("report");
    assertThat(report.status()).isEqualTo(Main.EXIT_INPUT);
    assertThat(report.err()).contains("give INPUT files, or --data DIR / --db URL");
    ReportCommandTest.Result scanners = ReportCommandTest.run("scanners");
    assertThat(scanners.status()).isEqualTo(Main.EXIT_INPUT);
    assertThat(scanners.err()).contains("give one or more INPUT files, or --data DIR / --db URL");
    ReportCommandTest.Result emptyHistory =
        ReportCommandTest.run("scanners", "--data", dir.resolve("d").toString());
    assertThat(emptyHistory.status()).as(emptyHistory.err()).isZero();
    assertThat(emptyHistory.err()).contains("read 0 stored probes from ");
  }
}

package org.stormwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fingerprint alarm runs on history as on files. Random scenario 10 at scale 0.05 has a 21/tcp
 * outbreak whose first day (2009-02-28) shows only in its fingerprint: with the alarm it is
 * detected that day, without it a day later (measured on the same probes with the alarm's source
 * sets withheld). {@code detect FILE} and {@code ingest} + {@code detect --data} must agree on
 * every alert's onset, detection bucket and score, and both must have the early detection.
 */
class FingerprintAlarmHistoryTest {
  @TempDir Path dir;

  @Test
  void detectFromHistory_raisesTheFingerprintAlarmsTheFileRaises() {
    Path file = dir.resolve("random10.pcap");
    ReportCommandTest.Result sim =
        ReportCommandTest.run(
            "simulate",
            "--preset",
            "random",
            "--seed",
            "10",
            "--scale",
            "0.05",
            "--out",
            file.toString());
    assertThat(sim.status()).as(sim.err()).isZero();
    String data = dir.resolve("data").toString();
    ReportCommandTest.Result ingest =
        ReportCommandTest.run("ingest", "--no-progress", "--data", data, file.toString());
    assertThat(ingest.status()).as(ingest.err()).isZero();
    ReportCommandTest.Result fromFile =
        ReportCommandTest.run("detect", "--no-progress", "--format", "jsonl", file.toString());
    ReportCommandTest.Result fromHistory =
        ReportCommandTest.run("detect", "--format", "jsonl", "--data", data);
    assertThat(fromFile.status()).as(fromFile.err()).isZero();
    assertThat(fromHistory.status()).as(fromHistory.err()).isZero();
    assertThat(alerts(fromHistory.out())).isEqualTo(alerts(fromFile.out()));
    assertThat(alerts(fromFile.out()))
        .contains("21/tcp onset 2009-02-28T00:00:00Z detected 2009-02-28T00:00:00Z");
  }

  /** Each alert's port, onset, detection bucket and score, one a line. */
  static String alerts(String jsonl) {
    Pattern alert =
        Pattern.compile(
            "\"kind\":\"surge\".*?\"port\":(\\d+),\"protocol\":\"(\\w+)\",\"onset\":\"([^\"]+)\","
                + "\"detected\":\"([^\"]+)\",\"last\":\"[^\"]+\",\"score\":([-0-9.eE]+)");
    StringBuilder sb = new StringBuilder();
    for (String line : jsonl.split("\n")) {
      Matcher m = alert.matcher(line);
      if (m.find()) {
        sb.append(m.group(1))
            .append('/')
            .append(m.group(2))
            .append(" onset ")
            .append(m.group(3))
            .append(" detected ")
            .append(m.group(4))
            .append(" score ")
            .append(m.group(5))
            .append('\n');
      }
    }
    return sb.toString();
  }
}

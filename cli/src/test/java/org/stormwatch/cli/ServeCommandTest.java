package org.stormwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configuration of {@code stormwatch serve} stops it with one line naming the problem. */
class ServeCommandTest {
  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new String[] {Integer.toString(status), err.toString()};
  }

  @Test
  void noSensors_isRefused(@TempDir Path dir) {
    String[] r = run("serve", "--data", dir.toString());
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1])
        .isEqualTo("stormwatch serve: no sensors: give --sensor NAME=KEY or --sensors FILE\n");
  }

  @Test
  void badOptions_areNamed(@TempDir Path dir) throws Exception {
    assertThat(run("serve", "--data", dir.toString(), "--sensor", "berlin")[1])
        .isEqualTo("stormwatch serve: --sensor: want NAME=KEY, got 'berlin'\n");
    assertThat(
            run(
                "serve",
                "--data",
                dir.toString(),
                "--sensor",
                "b=long-enough-key",
                "--max-body",
                "16MB")[1])
        .startsWith("stormwatch serve: bad size '16MB'");
    assertThat(
            run(
                "serve",
                "--data",
                dir.toString(),
                "--sensor",
                "b=long-enough-key",
                "--mask-targets",
                "10.0.0.0/40")[1])
        .startsWith("stormwatch serve: prefix length out of 0..32 in '10.0.0.0/40'");
    assertThat(
            run(
                "serve",
                "--data",
                dir.toString(),
                "--sensor",
                "b=long-enough-key",
                "--listen",
                "localhost")[1])
        .startsWith("stormwatch serve: --listen: want HOST:PORT");
    Path file = dir.resolve("sensors");
    Files.writeString(file, "berlin=long-enough-key\nberlin=another-key-123\n");
    assertThat(run("serve", "--data", dir.toString(), "--sensors", file.toString())[1])
        .isEqualTo("stormwatch serve: " + file + ": line 2: sensor 'berlin' named twice\n");
  }

  @Test
  void kafkaOptions_areChecked_andAnUnreachableBrokerIsOneLine() {
    assertThat(
            run(
                "serve",
                "--kafka",
                "localhost:9092",
                "--kafka-topic",
                "no topic",
                "--sensor",
                "b=long-enough-key")[1])
        .isEqualTo(
            "stormwatch serve: --kafka-topic: 'no topic' is no Kafka topic name (letters, digits,"
                + " . _ -)\n");
    assertThat(
            run(
                "serve",
                "--kafka",
                "localhost:9092",
                "--webhook",
                "http://127.0.0.1:9/x",
                "--sensor",
                "b=long-enough-key")[1])
        .startsWith(
            "stormwatch serve: --alerts-jsonl, --alerts-syslog and --webhook need the store");
    String[] r =
        run(
            "serve",
            "--kafka",
            "127.0.0.1:1",
            "--kafka-timeout",
            "1",
            "--sensor",
            "b=long-enough-key");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1])
        .startsWith("stormwatch serve: cannot use Kafka at 127.0.0.1:1: ")
        .endsWith("\n");
    assertThat(r[1].strip()).doesNotContain("\n");
  }
}

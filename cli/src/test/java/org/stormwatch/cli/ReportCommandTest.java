package org.stormwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stormwatch.core.capture.PacketBuilder;
import org.stormwatch.core.capture.PcapWriter;
import org.stormwatch.core.decode.LinkTypes;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Protocol;

class ReportCommandTest {
  @TempDir Path dir;

  record Result(int status, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(status, out.toString(), err.toString());
  }

  private static final long T0 =
      Instant.parse("2002-09-28T10:00:00Z").getEpochSecond() * 1_000_000_000L;

  /**
   * Three SYNs to 137/tcp? No: two UDP lookups to 137 from two sources, one SYN to 445, one
   * SYN-ACK.
   */
  private Path sample() throws IOException {
    Path file = dir.resolve("sample.pcap");
    try (OutputStream os = Files.newOutputStream(file);
        PcapWriter w = new PcapWriter(os, LinkTypes.ETHERNET)) {
      long a = IpAddresses.v4Lo(0x01020304);
      long b = IpAddresses.v4Lo(0x05060708);
      long target = IpAddresses.v4Lo(0xc0a80001);
      w.write(
          T0,
          PacketBuilder.ethernet(0, a, 1025, 0, target, 137, Protocol.UDP, 0, 64, new byte[50]));
      w.write(
          T0 + 1,
          PacketBuilder.ethernet(0, b, 1026, 0, target, 137, Protocol.UDP, 0, 64, new byte[50]));
      w.write(
          T0 + 2,
          PacketBuilder.ethernet(0, a, 40000, 0, target, 445, Protocol.TCP, 0x02, 64, new byte[0]));
      w.write(
          T0 + 3,
          PacketBuilder.ethernet(0, target, 445, 0, a, 40000, Protocol.TCP, 0x12, 64, new byte[0]));
      w.write(
          T0 + 86_400_000_000_000L,
          PacketBuilder.ethernet(0, a, 1025, 0, target, 137, Protocol.UDP, 0, 64, new byte[50]));
    }
    return file;
  }

  @Test
  void csvCarriesExactlyTheDocumentedFields() throws IOException {
    Result r = run("report", "--format", "csv", "--no-progress", sample().toString());
    assertThat(r.status()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "start,port,protocol,records,sources,targets",
            "2002-09-28T00:00:00Z,137,udp,2,2,1",
            "2002-09-28T00:00:00Z,445,tcp,1,1,1",
            "2002-09-29T00:00:00Z,137,udp,1,1,1");
    assertThat(r.err())
        .contains("5 packets or lines")
        .contains("probes      4")
        .contains("tcp segment with ACK (reply or established): 1");
  }

  @Test
  void jsonlHasOneObjectPerRow() throws IOException {
    Result r =
        run(
            "report",
            "--format",
            "jsonl",
            "--bucket",
            "1h",
            "--protocol",
            "udp",
            sample().toString());
    assertThat(r.status()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "{\"start\":\"2002-09-28T10:00:00Z\",\"port\":137,\"protocol\":\"udp\",\"records\":2,\"sources\":2,\"targets\":1}",
            "{\"start\":\"2002-09-29T10:00:00Z\",\"port\":137,\"protocol\":\"udp\",\"records\":1,\"sources\":1,\"targets\":1}");
  }

  @Test
  void topKeepsTheBusiestPortsOverTheWholeRange() throws IOException {
    Result r = run("report", "--format", "csv", "--top", "1", sample().toString());
    assertThat(r.out().lines())
        .hasSize(3)
        .allMatch(l -> l.startsWith("start") || l.contains(",137,udp,"));
  }

  @Test
  void tableIsAlignedForPeople() throws IOException {
    Result r = run("report", sample().toString());
    assertThat(r.out().lines()).first().asString().startsWith("day (UTC)");
    assertThat(r.out()).contains("2002-09-28  137/udp").contains("445/tcp");
  }

  @Test
  void missingFileIsOneLineAndExit2_otherFilesStillRead() throws IOException {
    Result r =
        run("report", "--format", "csv", dir.resolve("nope.pcap").toString(), sample().toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .contains("stormwatch: " + dir.resolve("nope.pcap") + ": no such file")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(r.out()).contains("2002-09-28T00:00:00Z,137,udp,2,2,1");
  }

  @Test
  void fileThatIsNoCaptureIsNamed() throws IOException {
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "hello world\n");
    Result r = run("report", text.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .contains(text + ": not a capture or a known log format (first line: hello world)")
        .doesNotContain("\tat ");
  }

  @Test
  void directoryAndEmptyFileAreRejectedClearly() throws IOException {
    Path empty = dir.resolve("empty.pcap");
    Files.write(empty, new byte[0]);
    Result r = run("report", dir.toString(), empty.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains(dir + ": is a directory").contains(empty + ": empty file");
  }

  @Test
  void truncatedLastRecordIsAWarningNotAFailure() throws IOException {
    Path full = sample();
    byte[] bytes = Files.readAllBytes(full);
    Path cut = dir.resolve("cut.pcap");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
    Result r = run("report", "--format", "csv", cut.toString());
    assertThat(r.status()).isZero();
    assertThat(r.err())
        .contains("malformed   1")
        .contains("truncated record")
        .contains("warning: " + cut + ": the last record is truncated at offset");
    assertThat(r.out()).contains("2002-09-28T00:00:00Z,137,udp,2,2,1").doesNotContain("2002-09-29");
  }

  @Test
  void badOptionValuesAreUsageErrors() throws IOException {
    assertThat(run("report", "--bucket", "1w", sample().toString()).status()).isEqualTo(2);
    assertThat(run("report", "--port", "70000", sample().toString()).status()).isEqualTo(2);
    assertThat(run("report", "--protocol", "sctp", sample().toString()).err())
        .contains("unknown protocol 'sctp'");
    assertThat(run("report").status()).isEqualTo(2);
  }

  @Test
  void helpExplainsTheCommands() {
    Result r = run("--help");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("report").contains("demo");
    assertThat(run("report", "--help").out())
        .contains("--bucket")
        .contains("--top")
        .contains("--format")
        .contains("A probe is");
  }

  @Test
  void demoSimulatesSeptember2002AndFindsTheForgedLookups() {
    Result r = run("demo", "--dir", dir.resolve("demo").toString());
    assertThat(r.status()).isZero();
    assertThat(Files.exists(dir.resolve("demo").resolve("port137-2002.pcap"))).isTrue();
    assertThat(r.out())
        .contains("137/udp: ")
        .contains("since 2002-09-28")
        .contains("forged lookups with the broadcast bit set and a source port of 1025 or higher")
        .contains("2002-09-28  137/udp");
  }
}

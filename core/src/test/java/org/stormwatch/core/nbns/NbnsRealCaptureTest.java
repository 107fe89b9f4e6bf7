package org.stormwatch.core.nbns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.capture.CaptureReader;
import org.stormwatch.core.capture.Captures;
import org.stormwatch.core.decode.DecodeOutcome;
import org.stormwatch.core.decode.DecodedPacket;
import org.stormwatch.core.decode.PacketDecoder;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.testing.ExternalTool;
import org.stormwatch.core.testing.RealData;

/**
 * Every real capture, read with the project's own capture reader: each NBNS message's transaction
 * id, flags, names and types equal what tshark shows ({@code -T fields -e frame.number -e nbns.id
 * -e nbns.flags -e nbns.name -e nbns.type}). The golden files that {@code scripts/nbns-golden.sh}
 * wrote make the check run where tshark is missing; the live check compares them with tshark.
 *
 * <p>A message the decoder calls malformed must agree with tshark as far as it got: the same id and
 * flags, and its names and types a prefix of tshark's (tshark stops at the defect too, or shows a
 * placeholder name and goes on). Only captures named {@code malformed_*} may hold such messages.
 */
class NbnsRealCaptureTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/nbns");
  private static final int NBNS_PORT = 137;

  static Stream<Path> captures() {
    return RealData.captures().stream();
  }

  /** One row as tshark prints it, and whether the decoder called the message malformed. */
  private record Row(String fields, NbnsDecodeResult.Malformed malformed) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void everyNbnsMessageEqualsGolden(Path capture) throws IOException, InputException {
    Path golden = goldenFile(capture);
    Map<String, String> expected = new LinkedHashMap<>();
    long frames = -1;
    if (Files.exists(golden)) {
      List<String> lines = Files.readAllLines(golden, StandardCharsets.UTF_8);
      frames = Long.parseLong(lines.get(0).substring("# frames ".length()));
      for (String line : lines.subList(1, lines.size())) {
        expected.put(line.substring(0, line.indexOf('\t')), line);
      }
    }
    long[] read = new long[1];
    Map<String, Row> ours = decodeAll(capture, read);
    if (frames >= 0) {
      assertThat(read[0]).as("frames read").isEqualTo(frames);
    }
    assertThat(ours.keySet()).as("frames that hold NBNS").isEqualTo(expected.keySet());
    boolean mayBeMalformed = capture.getFileName().toString().startsWith("malformed_");
    for (Map.Entry<String, Row> e : ours.entrySet()) {
      String want = expected.get(e.getKey());
      Row row = e.getValue();
      if (row.malformed() == null) {
        assertThat(row.fields()).as("frame " + e.getKey()).isEqualTo(want);
        continue;
      }
      assertThat(mayBeMalformed).as("frame " + e.getKey() + ": " + row.malformed()).isTrue();
      String[] w = want.split("\t", -1);
      String[] o = row.fields().split("\t", -1);
      if (row.malformed().header() != null) {
        assertThat(o[1] + " " + o[2])
            .as("frame " + e.getKey() + " id and flags")
            .isEqualTo(w[1] + " " + w[2]);
      }
      assertPrefix(e.getKey() + " names", o[3], w[3]);
      assertPrefix(e.getKey() + " types", o[4], w[4]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void goldenEqualsTsharkLive(Path capture) throws IOException, InterruptedException {
    Path tshark = ExternalTool.require("tshark", "tshark");
    Process process =
        new ProcessBuilder(
                tshark.toString(),
                "-r",
                capture.toString(),
                "-Y",
                "nbns",
                "-T",
                "fields",
                "-e",
                "frame.number",
                "-e",
                "nbns.id",
                "-e",
                "nbns.flags",
                "-e",
                "nbns.name",
                "-e",
                "nbns.type")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String live = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).isZero();
    List<String> liveRows = live.isEmpty() ? List.of() : List.of(live.split("\n"));
    List<String> goldenRows = new ArrayList<>();
    if (Files.exists(goldenFile(capture))) {
      List<String> lines = Files.readAllLines(goldenFile(capture), StandardCharsets.UTF_8);
      goldenRows.addAll(lines.subList(1, lines.size()));
    }
    assertThat(liveRows).containsExactlyElementsOf(goldenRows);
  }

  private static void assertPrefix(String what, String ours, String theirs) {
    assertThat(ours.isEmpty() || theirs.equals(ours) || theirs.startsWith(ours + ","))
        .as(what + ": '" + ours + "' is no prefix of tshark's '" + theirs + "'")
        .isTrue();
  }

  /** Frame number to row, for every UDP or TCP packet to or from port 137 with a payload. */
  private static Map<String, Row> decodeAll(Path capture, long[] read)
      throws IOException, InputException {
    Map<String, Row> out = new LinkedHashMap<>();
    DecodedPacket p = new DecodedPacket();
    long[] frame = new long[1];
    try (CaptureReader reader =
        Captures.open(
            capture.getFileName().toString(), FileChannel.open(capture, StandardOpenOption.READ))) {
      read[0] =
          reader.read(
              (linkType, time, data, offset, length, originalLength, recordOffset) -> {
                frame[0]++;
                DecodeOutcome outcome = PacketDecoder.decode(linkType, data, offset, length, p);
                boolean nbns = p.srcPort == NBNS_PORT || p.dstPort == NBNS_PORT;
                if (!nbns || p.payloadLength == 0) {
                  return;
                }
                if (outcome == DecodeOutcome.UDP) {
                  NbnsDecodeResult r = NbnsDecoder.decode(data, p.payloadOffset, p.payloadLength);
                  out.put(Long.toString(frame[0]), row(frame[0], List.of(r)));
                } else if (outcome == DecodeOutcome.TCP) {
                  NbnsDecoder.TcpMessages t =
                      NbnsDecoder.decodeTcp(data, p.payloadOffset, p.payloadLength);
                  if (!t.messages().isEmpty()) {
                    out.put(Long.toString(frame[0]), row(frame[0], t.messages()));
                  }
                }
              },
              new ReadStats());
    }
    return out;
  }

  /** The row tshark prints: with several messages in one frame, their fields joined by commas. */
  private static Row row(long frame, List<NbnsDecodeResult> results) {
    List<String> ids = new ArrayList<>();
    List<String> flags = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> types = new ArrayList<>();
    NbnsDecodeResult.Malformed malformed = null;
    for (NbnsDecodeResult r : results) {
      NbnsMessage m;
      if (r instanceof NbnsDecodeResult.Malformed) {
        malformed = (NbnsDecodeResult.Malformed) r;
        m = malformed.partial();
      } else {
        m = ((NbnsDecodeResult.Decoded) r).message();
      }
      if (m == null) {
        continue;
      }
      ids.add(String.format(Locale.ROOT, "0x%04x", m.header().id()));
      flags.add(String.format(Locale.ROOT, "0x%04x", m.header().flags()));
      for (NbnsQuestion q : m.questions()) {
        names.add(q.name().toString());
        types.add(Integer.toString(q.type()));
      }
      for (List<NbnsResourceRecord> section :
          List.of(m.answers(), m.authorities(), m.additionals())) {
        for (NbnsResourceRecord rr : section) {
          names.add(rr.wiresharkName());
          types.add(Integer.toString(rr.type()));
        }
      }
    }
    String fields =
        frame
            + "\t"
            + String.join(",", ids)
            + "\t"
            + String.join(",", flags)
            + "\t"
            + String.join(",", names)
            + "\t"
            + String.join(",", types);
    return new Row(fields, malformed);
  }

  private static Path goldenFile(Path capture) {
    return GOLDEN.resolve(capture.getFileName() + ".tsv");
  }
}

package org.stormwatch.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.model.Probe;

/**
 * The netfilter reader finds each line's end in the same pass as its fields ({@link
 * LineSource#open}, {@link NetfilterParser#scanOpen}); here against reading the same bytes line by
 * line first and parsing each closed line ({@link NetfilterParser#parse}, which {@link
 * NetfilterDifferentialTest} holds against the reference parser). Whole files of generated and
 * mutated lines, with {@code \r\n} endings, blank and indented lines, a byte order mark, a missing
 * last newline and lines longer than the buffer, arrive in chunks of random sizes so that lines
 * straddle every buffer boundary. Probes, counts by reason and the malformed examples must agree.
 */
class NetfilterOpenLinesTest {
  private static final Instant MODIFIED = Instant.parse("2015-06-01T00:00:00Z");

  static LongStream seeds() {
    return LongStream.range(0, 120);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void openLinesComeToWhatClosedLinesDo(long seed) throws IOException {
    Random r = new Random(seed);
    byte[] file = file(r, seed % 10 == 0 ? 3000 : 300, seed % 7 == 0);
    assertSame(file, r, "seed " + seed);
  }

  @Test
  void edgeCases() throws IOException {
    String ok =
        "Mar  1 00:00:00 gw kernel: DROP IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=44 TTL=9"
            + " PROTO=TCP SPT=1 DPT=2 SYN URGP=0";
    List<String> files =
        List.of(
            ok + "\n",
            ok,
            "\ufeff" + ok + "\n" + ok + "\n",
            ok + "\r\n" + ok + "\r\n",
            ok + "\n\n \n\t\n" + ok + "\n",
            ok + "\nx\n" + ok + "\n",
            ok + "\nI\nIN=\n=\n" + ok + "\n",
            ok + "\n" + ok.replace("SPT=1 ", "") + "\n" + ok + "\n",
            ok + "\n" + ok.replace("DPT=2", "DPT=2 [x") + "\n" + ok + " \n",
            ok + "\n" + ok.replace("SRC=1.2.3.4", "SRC=1.2.3.4\r") + "\n",
            ok + "\n" + ok.replace(" SYN", "\tSYN") + "\n",
            ok + "\n" + "a".repeat(LineSource.MAX_LINE + 10) + "\n" + ok + "\n");
    for (String f : files) {
      byte[] bytes = f.getBytes(StandardCharsets.UTF_8);
      assertSame(bytes, new Random(1), Outcome.shorten(f));
    }
  }

  private static void assertSame(byte[] file, Random r, String what) throws IOException {
    LogOptions opts = LogOptions.defaults().withFileModified(MODIFIED);
    List<Probe> openProbes = new ArrayList<>();
    ReadStats open = new ReadStats();
    new LineLogReader("f", new Chunks(file, r), new NetfilterParser(opts))
        .read(openProbes::add, open);
    List<Probe> closedProbes = new ArrayList<>();
    ReadStats closed = new ReadStats();
    NetfilterParser parser = new NetfilterParser(opts);
    // Not a NetfilterParser to the reader: each line is found first, then parsed.
    LineParser closedOnly = parser::parse;
    new LineLogReader("f", new ByteArrayInputStream(file), closedOnly)
        .read(closedProbes::add, closed);
    assertThat(openProbes).as(what).isEqualTo(closedProbes);
    assertThat(open.units()).as(what).isEqualTo(closed.units());
    assertThat(open.notProbes().asMap()).as(what).isEqualTo(closed.notProbes().asMap());
    assertThat(open.malformed().asMap()).as(what).isEqualTo(closed.malformed().asMap());
    assertThat(open.examples()).as(what).isEqualTo(closed.examples());
  }

  private static byte[] file(Random r, int lines, boolean longLines) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (r.nextInt(5) == 0) {
      out.write(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
    }
    NetfilterDifferentialTest.Stamp stamp = new NetfilterDifferentialTest.Stamp(r);
    for (int n = 0; n < lines; n++) {
      if (r.nextInt(4) == 0) {
        stamp.advance(r);
      }
      byte[] line = NetfilterDifferentialTest.generated(r, stamp).getBytes(StandardCharsets.UTF_8);
      switch (r.nextInt(12)) {
        case 0 -> line = NetfilterDifferentialTest.mutated(r, line);
        case 1 -> line = NetfilterDifferentialTest.mutated(r, line);
        case 2 -> line = new byte[r.nextInt(3)];
        case 3 ->
            line =
                ("  " + new String(line, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        case 4 -> line = Arrays.copyOf(line, r.nextInt(line.length + 1));
        default -> {}
      }
      if (line.length > 0 && line[0] == 0) {
        Arrays.fill(line, (byte) ' ');
      }
      if (longLines && n == lines / 2) {
        byte[] big = new byte[300_000 + r.nextInt(200_000)];
        Arrays.fill(big, (byte) 'x');
        System.arraycopy(line, 0, big, 0, line.length);
        line = big;
      }
      out.write(line);
      if (n < lines - 1 || r.nextBoolean()) {
        if (r.nextInt(10) == 0) {
          out.write('\r');
        }
        out.write('\n');
      }
    }
    return out.toByteArray();
  }

  /** The bytes in reads of random sizes, some very short. */
  private static final class Chunks extends InputStream {
    private final byte[] data;
    private final Random r;
    private int pos;

    Chunks(byte[] data, Random r) {
      this.data = data;
      this.r = r;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= data.length) {
        return -1;
      }
      int n =
          Math.min(
              len,
              Math.min(
                  data.length - pos, r.nextBoolean() ? 1 + r.nextInt(300) : 1 + r.nextInt(70_000)));
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}

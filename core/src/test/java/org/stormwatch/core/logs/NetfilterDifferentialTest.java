package org.stormwatch.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast netfilter parser against the one it replaced ({@link NetfilterReferenceParser}): every
 * line, read in sequence through one instance of each (so that the stamp cache and the running year
 * are exercised), must come to the same outcome, probe fields, skip reason or malformed reason and
 * detail alike. Lines are real samples, generated lines with repeating, changing and rolling stamps
 * of every form, and byte-level mutations of both (cuts, deletions, high-bit and invalid UTF-8
 * bytes, spaces, '=', '[', digits).
 */
class NetfilterDifferentialTest {
  private static final Instant MODIFIED = Instant.parse("2015-06-01T00:00:00Z");

  static Stream<Path> realFiles() throws IOException {
    Path dir = LogTesting.REAL_LOGS.resolve("iptables");
    if (!Files.isDirectory(dir)) {
      return Stream.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realFiles")
  void realSamplesComeToTheSameOutcomes(Path file) throws IOException {
    List<byte[]> lines = splitLines(Files.readAllBytes(file));
    assertThat(lines).isNotEmpty();
    assertSame(LogOptions.defaults().withFileModified(MODIFIED), lines, file.toString());
  }

  static LongStream seeds() {
    return LongStream.range(0, 400);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void generatedAndMutatedLinesComeToTheSameOutcomes(long seed) {
    Random r = new Random(seed);
    List<byte[]> lines = new ArrayList<>();
    Stamp stamp = new Stamp(r);
    for (int n = 0; n < 300; n++) {
      if (r.nextInt(4) == 0) {
        stamp.advance(r);
      }
      byte[] line = generated(r, stamp).getBytes(StandardCharsets.UTF_8);
      lines.add(r.nextInt(3) == 0 ? mutated(r, line) : line);
    }
    ZoneId zone =
        switch (r.nextInt(3)) {
          case 0 -> ZoneOffset.UTC;
          case 1 -> ZoneId.of("Europe/Berlin");
          default -> ZoneId.of("America/New_York");
        };
    LogOptions opts = LogOptions.defaults().withFileModified(MODIFIED).withZone(zone);
    if (r.nextInt(4) == 0) {
      opts = opts.withYear(2001 + r.nextInt(30));
    }
    assertSame(opts, lines, "seed " + seed);
  }

  private static void assertSame(LogOptions opts, List<byte[]> lines, String what) {
    NetfilterParser fast = new NetfilterParser(opts);
    NetfilterReferenceParser reference = new NetfilterReferenceParser(opts);
    for (int k = 0; k < lines.size(); k++) {
      byte[] bytes = lines.get(k);
      // Embedded in a larger buffer, as LineSource hands lines out, with spaces or other bytes
      // after the line's end; every third line ends at its array's end (the parser reads whole
      // words where it can, and byte by byte near the end).
      int after = k % 3 == 0 ? 0 : 20;
      byte[] buf = new byte[7 + bytes.length + after];
      Arrays.fill(buf, k % 2 == 0 ? (byte) 'X' : (byte) ' ');
      System.arraycopy(bytes, 0, buf, 7, bytes.length);
      ByteLine a = new ByteLine();
      a.set(buf, 7, 7 + bytes.length, k + 1);
      ByteLine b = new ByteLine();
      b.set(bytes.clone(), 0, bytes.length, k + 1);
      Outcome expected = reference.parse(b);
      Outcome actual = fast.parse(a);
      assertThat(actual)
          .as("%s, line %d: %s", what, k + 1, new String(bytes, StandardCharsets.ISO_8859_1))
          .isEqualTo(expected);
    }
  }

  /** A time stamp in one of the forms netfilter lines carry, moving forward now and then. */
  static final class Stamp {
    private static final String[] MONTHS = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };
    private final int form;
    private int month;
    private int day;
    private int second;
    private int fraction;

    Stamp(Random r) {
      form = r.nextInt(6);
      month = r.nextInt(12);
      day = 1 + r.nextInt(28);
      second = r.nextInt(86400);
    }

    void advance(Random r) {
      switch (r.nextInt(8)) {
        case 0 -> month = (month + 1 + r.nextInt(11)) % 12; // often back: a year rolls over
        case 1 -> day = 1 + r.nextInt(31); // sometimes beyond the month: a bad stamp
        default -> second = (second + r.nextInt(3)) % 86400;
      }
      fraction = r.nextInt(1_000_000);
    }

    String text() {
      String clock = String.format("%02d:%02d:%02d", second / 3600, second / 60 % 60, second % 60);
      return switch (form) {
        case 0 -> String.format("%s %2d %s", MONTHS[month], day, clock);
        case 1 -> String.format("<4>%s %02d %s", MONTHS[month], day, clock);
        case 2 -> String.format("%s %2d %s.%06d", MONTHS[month], day, clock, fraction);
        case 3 -> String.format("%s %02d 2014 %s", MONTHS[month], day, clock);
        case 4 -> String.format("2014-%02d-%02dT%s+0100", month + 1, day, clock);
        default -> String.format("%d.%06d", 1_400_000_000L + second, fraction);
      };
    }
  }

  private static final String[] FLAGS = {"SYN", "ACK", "FIN", "RST", "PSH", "URG", "ECE", "CWR"};

  static String generated(Random r, Stamp stamp) {
    StringBuilder sb = new StringBuilder(stamp.text());
    sb.append(r.nextBoolean() ? " gw kernel: [2096000.000000] DROP " : " host kernel: FW ");
    sb.append("IN=eth0 OUT= ");
    if (r.nextBoolean()) {
      sb.append("MAC=00:16:3e:12:34:56:00:16:3e:65:43:21:08:00 ");
    }
    boolean v6 = r.nextInt(5) == 0;
    if (v6) {
      sb.append(
          r.nextBoolean()
              ? "SRC=2001:0db8:0000:f101:0000:0000:0000:0002 DST=2001:db8::1 "
              : "SRC=fe80::1 DST=ff02:0000:0000:0000:0000:0001:ff00:0001 ");
    } else {
      sb.append("SRC=")
          .append(r.nextInt(256))
          .append('.')
          .append(r.nextInt(256))
          .append(".0.")
          .append(r.nextInt(300))
          .append(" DST=192.0.2.")
          .append(r.nextInt(256))
          .append(' ');
    }
    sb.append("LEN=").append(20 + r.nextInt(1500)).append(" TOS=0x00 PREC=0x00 ");
    sb.append(v6 ? "HOPLIMIT=" : "TTL=").append(r.nextInt(260)).append(" ID=1 ");
    if (r.nextInt(10) == 0) {
      sb.append("DF FRAG=").append(r.nextInt(100)).append(' ');
    }
    switch (r.nextInt(5)) {
      case 0, 1 -> {
        sb.append("PROTO=TCP SPT=").append(r.nextInt(70000));
        if (r.nextInt(10) != 0) {
          sb.append(" DPT=").append(r.nextInt(65536));
        }
        sb.append(" WINDOW=1024 RES=0x00 ");
        for (int f = r.nextInt(3); f >= 0; f--) {
          sb.append(FLAGS[r.nextInt(FLAGS.length)]).append(' ');
        }
        sb.append("URGP=0 ");
      }
      case 2 ->
          sb.append("PROTO=UDP SPT=")
              .append(r.nextInt(65536))
              .append(" DPT=")
              .append(r.nextInt(65536))
              .append(" LEN=")
              .append(r.nextInt(1500))
              .append(' ');
      case 3 ->
          sb.append(v6 ? "PROTO=ICMPv6 TYPE=" : "PROTO=ICMP TYPE=")
              .append(r.nextInt(3) == 0 ? 8 : r.nextInt(300))
              .append(" CODE=")
              .append(r.nextInt(3))
              .append(" ID=5 SEQ=1 ")
              .append(
                  r.nextBoolean() ? "[SRC=1.2.3.4 DST=5.6.7.8 LEN=20 PROTO=TCP SPT=1 DPT=2 ]" : "");
      default -> sb.append("PROTO=").append(r.nextBoolean() ? "47" : "6").append(' ');
    }
    return sb.toString();
  }

  private static final byte[] INSERTS =
      " =[.:0123456789SRCDPTLENHOPLIMITPROTOTYPECODEFRAG\t\r".getBytes(StandardCharsets.US_ASCII);

  static byte[] mutated(Random r, byte[] line) {
    List<Byte> b = new ArrayList<>(line.length + 16);
    for (byte x : line) {
      b.add(x);
    }
    for (int m = 1 + r.nextInt(4); m > 0 && !b.isEmpty(); m--) {
      int at = r.nextInt(b.size());
      switch (r.nextInt(6)) {
        case 0 -> b.subList(at, b.size()).clear();
        case 1 -> b.remove(at);
        case 2 -> b.add(at, (byte) (0x80 + r.nextInt(128)));
        case 3 -> b.set(at, INSERTS[r.nextInt(INSERTS.length)]);
        case 4 -> {
          // A valid UTF-8 character of two or three bytes.
          byte[] u = (r.nextBoolean() ? "\u00e9" : "\u20ac").getBytes(StandardCharsets.UTF_8);
          for (int k = u.length - 1; k >= 0; k--) {
            b.add(at, u[k]);
          }
        }
        default -> b.add(at, INSERTS[r.nextInt(INSERTS.length)]);
      }
    }
    byte[] out = new byte[b.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = b.get(k);
    }
    return out;
  }

  private static List<byte[]> splitLines(byte[] all) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= all.length; i++) {
      if (i == all.length || all[i] == '\n') {
        if (i > start) {
          out.add(Arrays.copyOfRange(all, start, i));
        }
        start = i + 1;
      }
    }
    return out;
  }
}

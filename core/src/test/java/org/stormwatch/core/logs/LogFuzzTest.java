package org.stormwatch.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.ReadStats;

/**
 * Whatever a line holds, no parser throws: mutated real lines and random bytes.
 *
 * <p>Randomized tests are seeded: each seed is one JUnit invocation ({@code seed N}), and a failure
 * names the seed and the input, so it can be replayed alone.
 */
class LogFuzzTest {
  private static final LogOptions OPTS = LogOptions.defaults();

  /** One real line per format family, and a parser factory for it. */
  private static final List<String> SEEDS =
      List.of(
          "Mar 11 20:35:11 linux kernel: [463490.251762] DROP IN=eth1 OUT= MAC=23:87:fc:c6:24:58"
              + ":00:21:3f:98:99:78:09:00 SRC=192.168.10.55 DST=192.168.10.1 LEN=44 TOS=0x00"
              + " PREC=0x00 TTL=53 ID=15270 PROTO=TCP SPT=56247 DPT=1025 WINDOW=3072 RES=0x00"
              + " SYN URGP=0 OPT (020405B4) ",
          "Mar 17 13:39:13 linux kernel: [956932.482127] DROP IN=eth0 OUT= SRC=2001:0db8:0000:"
              + "f101:0000:0000:0000:0002 DST=ff02:0000:0000:0000:0000:0001:ff00:0001 LEN=72 TC=0"
              + " HOPLIMIT=255 FLOWLBL=0 PROTO=ICMPv6 TYPE=135 CODE=0 ",
          "2002-09-28 12:34:56 -05:00\t0\t1\t10.1.2.3\t1025\t192.0.2.9\t137\tUDP\tSYN,ACK",
          "<164>Jul 05 2004 00:58:00: %PIX-4-106023: Deny udp src outside:24.200.88.234/1025 dst"
              + " inside:10.107.31.183/137 by access-group \"ACL\" [0x0, 0x0]",
          "%PIX-3-106010: Deny inbound icmp src outside:80.181.210.80 dst inside:10.107.96.229"
              + " (type 8, code 0)",
          "2020-10-14 08:00:01 DROP UDP 192.168.6.20 192.168.6.255 137 137 78 - - - - - - -"
              + " RECEIVE",
          "Mar 30 15:55:20 enigma pf: Mar 30 15:53:25.793256 rule 2/(match) block in on xl0:"
              + " 205.174.165.231.50425 > 192.168.2.10.22: S 1:1(0) win 73 (ttl 42, id 1, len 44)",
          "1481764944.790699\tCRz\t10.12.15.101\t49210\t185.45.192.155\t80\ttcp\thttp\t118.6"
              + "\t361\t238\tS0\tT\tF\t0\tS\t1\t613\t0\t0\t-\t6",
          "{\"ts\":1500000000.25,\"id.orig_h\":\"2001:db8::1\",\"id.orig_p\":5000,\"id.resp_h\":"
              + "\"2001:db8::2\",\"id.resp_p\":22,\"proto\":\"tcp\",\"conn_state\":\"S0\"}",
          "{\"timestamp\":\"2022-02-23T19:22:24.405139+0100\",\"flow_id\":4566,\"event_type\":"
              + "\"flow\",\"src_ip\":\"172.16.0.131\",\"src_port\":137,\"dest_ip\":\"172.16.0.1\","
              + "\"dest_port\":137,\"proto\":\"UDP\",\"flow\":{\"pkts_toclient\":0,\"start\":"
              + "\"2022-02-23T19:22:25.242568+0100\",\"state\":\"new\"},\"tcp\":{\"tcp_flags_ts\""
              + ":\"02\"}}",
          "1033216496,10.1.2.3,1025,192.0.2.9,137,udp,S,78,64,deny");

  private static List<Supplier<LineParser>> parsers() {
    List<Supplier<LineParser>> out = new ArrayList<>();
    out.add(() -> new NetfilterParser(OPTS));
    out.add(() -> new DshieldLineParser(OPTS));
    out.add(() -> new CiscoParser(OPTS, "f"));
    out.add(() -> new PfirewallParser(OPTS));
    out.add(() -> new PfParser(OPTS));
    out.add(() -> new ZeekConnParser(OPTS));
    out.add(() -> new SuricataEveParser(OPTS));
    out.add(
        () ->
            new ColumnsParser(
                OPTS,
                List.of(
                    "time", "src", "sport", "dst", "dport", "proto", "flags", "len", "ttl",
                    "action")));
    return out;
  }

  static LongStream seeds2000() {
    return LongStream.range(0, 2000);
  }

  static LongStream seeds1000() {
    return LongStream.range(0, 1000);
  }

  static LongStream seeds500() {
    return LongStream.range(0, 500);
  }

  private static final String INSERT_CHARS = "0123456789.:/=- \t\"{}[],xZ+%()\u00ff\u0000";

  /**
   * A real line mutated at up to 8 positions (0 to 10,000, taken modulo the length) in one way:
   * characters deleted, a string of up to 6 characters inserted, the line cut, or a character
   * replaced by the string's first.
   */
  static String mutatedLine(SplittableRandom r) {
    StringBuilder sb = new StringBuilder(SEEDS.get(r.nextInt(SEEDS.size())));
    int[] positions = new int[r.nextInt(9)];
    for (int i = 0; i < positions.length; i++) {
      positions[i] =
          switch (r.nextInt(16)) {
            case 0 -> 0;
            case 1 -> 10_000;
            default -> r.nextInt(10_001);
          };
    }
    StringBuilder ins = new StringBuilder();
    for (int n = r.nextInt(7); n > 0; n--) {
      ins.append(INSERT_CHARS.charAt(r.nextInt(INSERT_CHARS.length())));
    }
    int k = r.nextInt(4);
    for (int p : positions) {
      if (sb.length() == 0) {
        break;
      }
      int i = p % sb.length();
      switch (k) {
        case 0 -> sb.deleteCharAt(i);
        case 1 -> sb.insert(i, ins);
        case 2 -> sb.setLength(i);
        default -> sb.setCharAt(i, ins.length() == 0 ? ' ' : ins.charAt(0));
      }
    }
    return sb.toString();
  }

  private static final String[] EDGE_TEXTS = {
    "",
    " ",
    "\u0000",
    "\t",
    "\n",
    "\r\n",
    "\uffff",
    "\ud800",
    "\udfff",
    "\ud83d\ude00",
    "{",
    "[",
    "\"",
  };

  /**
   * The edges first, then up to 255 characters (short ones more often) drawn from ASCII, control
   * characters, the characters the lines are made of, or anywhere in the BMP (lone surrogates too).
   */
  static String randomText(long seed) {
    if (seed < EDGE_TEXTS.length) {
      return EDGE_TEXTS[(int) seed];
    }
    SplittableRandom r = new SplittableRandom(seed);
    int length = r.nextInt(r.nextBoolean() ? 16 : 256);
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(
          switch (r.nextInt(4)) {
            case 0 -> (char) r.nextInt(0x20, 0x7f);
            case 1 -> (char) r.nextInt(0x20);
            case 2 -> INSERT_CHARS.charAt(r.nextInt(INSERT_CHARS.length()));
            default -> (char) r.nextInt(0x10000);
          });
    }
    return sb.toString();
  }

  private static final String[] EDGE_BYTES = {
    "",
    "00",
    "0a",
    "0d0a",
    "ff",
    "1f8b",
    "1f8b0800",
    "d4c3b2a1",
    "a1b2c3d4",
    "0a0d0d0a",
    "7b",
    "5b",
    "efbbbf",
    "fffe",
    "feff",
  };

  /**
   * The edges first (empty, line ends, byte order marks, gzip, pcap and JSON openings), then up to
   * 255 random bytes (short ones more often), now and then behind one of the edge openings.
   */
  static byte[] randomBytes(long seed) {
    if (seed < EDGE_BYTES.length) {
      return HexFormat.of().parseHex(EDGE_BYTES[(int) seed]);
    }
    SplittableRandom r = new SplittableRandom(seed);
    byte[] prefix =
        r.nextInt(4) == 0
            ? HexFormat.of().parseHex(EDGE_BYTES[r.nextInt(EDGE_BYTES.length)])
            : new byte[0];
    byte[] b = new byte[prefix.length + r.nextInt(r.nextBoolean() ? 16 : 256)];
    r.nextBytes(b);
    System.arraycopy(prefix, 0, b, 0, prefix.length);
    return b;
  }

  /** Parses the line with every parser; a throw or null names the seed, the parser and the line. */
  private static void parseWithEveryParser(long seed, String line) {
    for (Supplier<LineParser> p : parsers()) {
      LineParser parser = p.get();
      String input = "seed " + seed + ", " + parser.getClass().getSimpleName() + ", line " + line;
      Outcome outcome;
      try {
        outcome = parser.parse(ByteLine.of(line));
      } catch (RuntimeException e) {
        throw new AssertionError(input, e);
      }
      assertThat(outcome).as(input).isNotNull();
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds2000")
  void noParserThrowsOnMutatedRealLines(long seed) {
    parseWithEveryParser(seed, mutatedLine(new SplittableRandom(seed)));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds1000")
  void noParserThrowsOnRandomText(long seed) {
    parseWithEveryParser(seed, randomText(seed));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds500")
  void randomBytesEitherAreRejectedAsAWholeOrReadLineByLine(long seed) throws IOException {
    byte[] bytes = randomBytes(seed);
    String input = "seed " + seed + ", bytes " + HexFormat.of().formatHex(bytes);
    ReadStats stats = new ReadStats();
    try {
      LogInputs.open("fuzz", new ByteArrayInputStream(bytes), OPTS).read(p -> {}, stats);
    } catch (InputException e) {
      assertThat(e.getMessage()).as(input).startsWith("fuzz: ");
      return;
    } catch (RuntimeException e) {
      throw new AssertionError(input, e);
    }
    assertThat(stats.units())
        .as(input)
        .isEqualTo(stats.probes() + stats.notProbes().total() + stats.malformed().total());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds500")
  void mutatedFilesOfEveryFormatAddUp(long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    String a = mutatedLine(r);
    String b = mutatedLine(r);
    for (String format : LogInputs.formatNames()) {
      ReadStats stats = new ReadStats();
      LogOptions opts =
          OPTS.withFormat(format)
              .withColumns(List.of("time", "src", "sport", "dst", "dport", "proto"));
      try {
        LogInputs.open(
                "fuzz",
                new ByteArrayInputStream((a + "\n" + b).getBytes(StandardCharsets.UTF_8)),
                opts)
            .read(p -> {}, stats);
      } catch (InputException e) {
        continue;
      } catch (RuntimeException e) {
        throw new AssertionError(input(seed, format, a, b), e);
      }
      assertThat(stats.malformed().get("unexpected parse failure"))
          .as(input(seed, format, a, b))
          .isZero();
      assertThat(stats.units())
          .as(input(seed, format, a, b))
          .isEqualTo(stats.probes() + stats.notProbes().total() + stats.malformed().total());
    }
  }

  private static String input(long seed, String format, String a, String b) {
    return "seed " + seed + ", format " + format + ", lines " + a + " | " + b;
  }
}

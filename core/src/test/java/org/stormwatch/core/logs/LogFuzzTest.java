package org.stormwatch.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.ReadStats;

/** Whatever a line holds, no parser throws: mutated real lines and random bytes. */
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

  @Provide
  Arbitrary<String> mutatedLines() {
    Arbitrary<String> seed = Arbitraries.of(SEEDS);
    Arbitrary<List<Integer>> positions =
        Arbitraries.integers().between(0, 10_000).list().ofMaxSize(8);
    Arbitrary<String> inserts =
        Arbitraries.strings().withChars("0123456789.:/=- \t\"{}[],xZ+%()ÿ\u0000").ofMaxLength(6);
    Arbitrary<Integer> kind = Arbitraries.integers().between(0, 3);
    return Combinators.combine(seed, positions, inserts, kind)
        .as(
            (s, pos, ins, k) -> {
              StringBuilder sb = new StringBuilder(s);
              for (int p : pos) {
                if (sb.length() == 0) {
                  break;
                }
                int i = p % sb.length();
                switch (k) {
                  case 0:
                    sb.deleteCharAt(i);
                    break;
                  case 1:
                    sb.insert(i, ins);
                    break;
                  case 2:
                    sb.setLength(i);
                    break;
                  default:
                    sb.setCharAt(i, ins.isEmpty() ? ' ' : ins.charAt(0));
                    break;
                }
              }
              return sb.toString();
            });
  }

  @Property(tries = 2000)
  void noParserThrowsOnMutatedRealLines(@ForAll("mutatedLines") String line) {
    for (Supplier<LineParser> p : parsers()) {
      LineParser parser = p.get();
      assertThat(parser.parse(ByteLine.of(line))).isNotNull();
    }
  }

  @Property(tries = 1000)
  void noParserThrowsOnRandomText(@ForAll String line) {
    for (Supplier<LineParser> p : parsers()) {
      assertThat(p.get().parse(ByteLine.of(line))).isNotNull();
    }
  }

  @Property(tries = 500)
  void randomBytesEitherAreRejectedAsAWholeOrReadLineByLine(@ForAll byte[] bytes)
      throws IOException {
    ReadStats stats = new ReadStats();
    try {
      LogInputs.open("fuzz", new ByteArrayInputStream(bytes), OPTS).read(p -> {}, stats);
    } catch (InputException e) {
      assertThat(e.getMessage()).startsWith("fuzz: ");
      return;
    }
    assertThat(stats.units())
        .isEqualTo(stats.probes() + stats.notProbes().total() + stats.malformed().total());
  }

  @Property(tries = 500)
  void mutatedFilesOfEveryFormatAddUp(
      @ForAll("mutatedLines") String a, @ForAll("mutatedLines") String b) throws IOException {
    for (String format : LogInputs.formatNames()) {
      ReadStats stats = new ReadStats();
      LogOptions opts =
          OPTS.withFormat(format)
              .withColumns(List.of("time", "src", "sport", "dst", "dport", "proto"));
      try {
        LogInputs.open(
                "fuzz",
                new ByteArrayInputStream(
                    (a + "\n" + b).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                opts)
            .read(p -> {}, stats);
      } catch (InputException e) {
        continue;
      }
      assertThat(stats.malformed().get("unexpected parse failure")).as(format).isZero();
      assertThat(stats.units())
          .isEqualTo(stats.probes() + stats.notProbes().total() + stats.malformed().total());
    }
  }
}

package org.stormwatch.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stormwatch.core.capture.PacketBuilder;
import org.stormwatch.core.capture.PcapWriter;
import org.stormwatch.core.capture.PcapngWriter;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

class InputsTest {
  private static final long S = 1_000_000_000L;

  @TempDir Path dir;

  /** 200 SYN probes from distinct sources to port 23, one a second, plus 100 SYN-ACKs. */
  private static byte[] capture(boolean pcapng) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long[] dst = IpAddresses.parse("192.0.2.1");
    try (var w = pcapng ? new PcapngWriter(out, 1) : new PcapWriter(out, 1)) {
      for (int i = 0; i < 300; i++) {
        long src = IpAddresses.v4Lo(0xcb00_7100 + i);
        byte[] frame =
            PacketBuilder.ethernet(
                0,
                src,
                40_000 + i,
                dst[0],
                dst[1],
                23,
                Protocol.TCP,
                i < 200 ? 0x02 : 0x12,
                64,
                new byte[0]);
        w.write((1_700_000_000L + i) * S, frame);
      }
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  private Path write(String name, byte[] b) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, b);
    return p;
  }

  private static ReadStats read(Path p, List<Probe> probes) throws InputException {
    ReadStats stats = new ReadStats();
    Inputs.read(p.toString(), new InputOptions("s1"), probes::add, stats);
    return stats;
  }

  /**
   * netfilter lines reach the sink as fields (no Probe per line) unless the probe needs more than
   * its fields: the run's sensor, or the NBNS feature of a UDP probe to port 137. Either way the
   * sink gets what the documented rule makes of the reader's probes.
   */
  @Test
  void netfilterProbes_getTheSensorAndTheNbnsFeature_whetherPassedAsFieldsOrNot() throws Exception {
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      String proto = i % 3 == 0 ? "TCP" : "UDP";
      int dpt = i % 2 == 0 ? 137 : 1000 + i;
      log.append("Mar  1 00:00:")
          .append(String.format("%02d", i))
          .append(" gw kernel: DROP IN=eth0 OUT= SRC=10.0.0.")
          .append(i)
          .append(" DST=192.0.2.")
          .append(i % 5)
          .append(" LEN=")
          .append(i % 4 == 0 ? 78 : 92)
          .append(" TTL=64 PROTO=")
          .append(proto)
          .append(" SPT=")
          .append(i % 4 == 0 ? 137 : 40_000 + i)
          .append(" DPT=")
          .append(dpt)
          .append(proto.equals("TCP") ? " SYN URGP=0\n" : " LEN=58\n");
    }
    Path p = write("fw.log", log.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    for (String sensor : new String[] {"", "s1"}) {
      InputOptions options = new InputOptions(sensor);
      // What the reader gives, before the sensor and the NBNS feature.
      List<Probe> raw = new ArrayList<>();
      try (InputStream in = Files.newInputStream(p)) {
        org.stormwatch.core.logs.LogInputs.open(
                "fw.log",
                in,
                options.logs().withFileModified(Files.getLastModifiedTime(p).toInstant()))
            .read(raw::add, new ReadStats());
      }
      List<Probe> expected = new ArrayList<>();
      for (Probe probe : raw) {
        Probe e = sensor.isEmpty() ? probe : probe.withSensor(sensor);
        if (e.dstPort() == 137 && e.protocol() == Protocol.UDP) {
          org.stormwatch.core.nbns.NbnsFeatures f =
              org.stormwatch.core.nbns.NbnsFingerprint.ofLengths(
                  Protocol.UDP, e.srcPort(), e.dstHi(), e.dstLo(), 137, -1, e.ipLength());
          if (f != null) {
            e = e.withFeatures(f);
          }
        }
        expected.add(e);
      }
      List<Probe> viaProbes = new ArrayList<>();
      List<Probe> viaFields = new ArrayList<>();
      int[] fieldCalls = {0};
      Inputs.read(p.toString(), options, viaProbes::add, new ReadStats());
      Inputs.read(
          p.toString(),
          options,
          new org.stormwatch.core.model.ProbeSink() {
            @Override
            public void accept(Probe probe) {
              viaFields.add(probe);
            }

            @Override
            public void acceptFields(
                long timeNanos,
                long srcHi,
                long srcLo,
                int srcPort,
                long dstHi,
                long dstLo,
                int dstPort,
                Protocol protocol,
                int tcpFlags,
                int ipLength,
                int ttl) {
              fieldCalls[0]++;
              viaFields.add(
                  new Probe(
                      timeNanos, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort, protocol, tcpFlags,
                      ipLength, ttl, "", null));
            }
          },
          new ReadStats());

      assertThat(raw).as("sensor '%s'", sensor).hasSize(60);
      assertThat(expected).anySatisfy(e -> assertThat(e.features()).isNotNull());
      assertThat(viaProbes).as("sensor '%s'", sensor).isEqualTo(expected);
      assertThat(viaFields).as("sensor '%s'", sensor).isEqualTo(expected);
      long plain =
          expected.stream().filter(e -> e.dstPort() != 137 || e.protocol() != Protocol.UDP).count();
      // The first line (a TCP one) is read closed, as a Probe: it may start with a byte order mark.
      assertThat(fieldCalls[0])
          .as("sensor '%s'", sensor)
          .isEqualTo(sensor.isEmpty() ? plain - 1 : 0);
    }
  }

  @Test
  void plainAndGzippedCaptures_giveTheSameProbes() throws Exception {
    for (boolean pcapng : new boolean[] {false, true}) {
      byte[] capture = capture(pcapng);
      List<Probe> plain = new ArrayList<>();
      List<Probe> zipped = new ArrayList<>();
      ReadStats a = read(write("a" + pcapng, capture), plain);
      ReadStats b = read(write("b" + pcapng + ".gz", gzip(capture)), zipped);

      assertThat(plain).hasSize(200).isEqualTo(zipped);
      assertThat(plain.get(0).sensor()).isEqualTo("s1");
      for (ReadStats s : List.of(a, b)) {
        assertThat(s.units()).isEqualTo(300);
        assertThat(s.probes()).isEqualTo(200);
        assertThat(s.notProbes().total()).isEqualTo(100);
        assertThat(s.malformed().total()).isZero();
        assertThat(s.files()).isEqualTo(1);
        assertThat(s.warnings()).isEmpty();
      }
    }
  }

  @Test
  void truncatedGzip_warnsAndCountsTheRecordsBeforeIt() throws Exception {
    byte[] zipped = gzip(capture(false));
    Path p = write("cut.pcap.gz", Arrays.copyOf(zipped, zipped.length / 2));
    List<Probe> probes = new ArrayList<>();
    ReadStats s = read(p, probes);

    assertThat(probes).isNotEmpty();
    assertThat(s.probes()).isEqualTo(probes.size());
    assertThat(s.malformed().get("damaged compressed data")).isEqualTo(1);
    assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("ends early"));
    // Every record read is counted: those before the damage, the cut one, the damage itself.
    assertThat(s.units()).isEqualTo(s.probes() + s.notProbes().total() + s.malformed().total());
    assertThat(s.probes() + s.notProbes().total()).isLessThan(300);
  }

  @Test
  void corruptGzip_warnsAndKeepsWhatWasRead() throws Exception {
    byte[] zipped = gzip(capture(true));
    for (int i = zipped.length / 2; i < zipped.length / 2 + 16; i++) {
      zipped[i] ^= 0x5a;
    }
    ReadStats s = read(write("bad.pcapng.gz", zipped), new ArrayList<>());

    assertThat(s.malformed().get("damaged compressed data")).isEqualTo(1);
    assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("compressed data"));
  }

  @Test
  void truncatedCaptureFile_keepsTheRecordsBeforeTheCut() throws Exception {
    byte[] capture = capture(false);
    ReadStats s =
        read(write("cut.pcap", Arrays.copyOf(capture, capture.length - 10)), new ArrayList<>());

    assertThat(s.probes()).isEqualTo(200);
    assertThat(s.notProbes().total()).isEqualTo(99);
    assertThat(s.malformed().asMap()).containsOnlyKeys("truncated record");
    assertThat(s.units()).isEqualTo(300);
  }

  @Test
  void standardInput_isReadForADash() throws Exception {
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream(gzip(capture(true))));
      ReadStats s = new ReadStats();
      List<Probe> probes = new ArrayList<>();
      Inputs.read(Inputs.STDIN, InputOptions.defaults(), probes::add, s);
      assertThat(probes).hasSize(200);
      assertThat(s.units()).isEqualTo(300);
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void inputsThatCannotBeRead_raiseInputExceptionNamingThem() throws Exception {
    Path empty = write("empty", new byte[0]);
    Path text =
        write("notes.txt", "hello, world\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Path emptyGzip = write("empty.gz", gzip(new byte[0]));
    Path tiny = write("tiny", new byte[] {(byte) 0xa1, (byte) 0xb2});

    assertThatThrownBy(() -> read(empty, new ArrayList<>()))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> read(text, new ArrayList<>()))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("notes.txt");
    assertThatThrownBy(() -> read(emptyGzip, new ArrayList<>()))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("after decompression");
    assertThatThrownBy(() -> read(tiny, new ArrayList<>())).isInstanceOf(InputException.class);
    assertThatThrownBy(() -> read(dir.resolve("missing.pcap"), new ArrayList<>()))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> read(dir, new ArrayList<>()))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("directory");
  }

  @Test
  void readStats_addAllSumsEverything() {
    ReadStats a = new ReadStats();
    a.probe();
    a.notProbe("x");
    a.malformed("f", "truncated record", "d");
    a.skipped("blocks", 3);
    a.fileOpened();
    ReadStats b = new ReadStats();
    b.probe();
    b.notProbe("y");
    b.addAll(a);

    assertThat(b.units()).isEqualTo(5);
    assertThat(b.probes()).isEqualTo(2);
    assertThat(b.notProbes().asMap()).containsEntry("x", 1L).containsEntry("y", 1L);
    assertThat(b.skipped().get("blocks")).isEqualTo(3);
    assertThat(b.files()).isEqualTo(1);
    assertThat(b.examples()).containsExactly("f: truncated record (d)");
  }
}

package org.stormwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.local.LocalDataInputStream;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.DistinctCounter;
import org.stormwatch.core.detect.Feature;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/** The job's parts that need no cluster: state layouts, the probe file format, the options. */
class JobPartsTest {
  @TempDir Path dir;

  @Test
  void bucketCellSurvivesCheckpointLayout_exactAndSketched() throws IOException {
    for (int sources : new int[] {3, DistinctCounter.EXACT_LIMIT + 500}) {
      BucketCell cell = new BucketCell(BucketSize.DAY);
      for (int i = 0; i < sources; i++) {
        cell.add(probe(i, 0x0a00_0000 + i, 137, i % 7));
      }
      BucketCell back = roundTrip(Codecs.CELL, cell);
      assertThat(back.row().activity()).isEqualTo(cell.row().activity());
      assertThat(back.row().exact()).isEqualTo(sources <= DistinctCounter.EXACT_LIMIT);
      assertThat(back.row().features().values(Feature.TTL))
          .isEqualTo(cell.row().features().values(Feature.TTL));
      // the restored cell goes on counting where the first left off
      back.add(probe(1, 0x0b00_0000, 137, 3));
      cell.add(probe(1, 0x0b00_0000, 137, 3));
      assertThat(back.row().activity()).isEqualTo(cell.row().activity());
      assertThat(back.row().features().total(Feature.TTL)).isEqualTo(sources + 1L);
      // the fingerprint sets too, and a source seen before the checkpoint counts once
      assertThat(back.row().fingerprints()).isEqualTo(cell.row().fingerprints());
      back.add(probe(2, 0x0a00_0001, 137, 3));
      cell.add(probe(2, 0x0a00_0001, 137, 3));
      assertThat(back.row().fingerprints()).isEqualTo(cell.row().fingerprints());
      assertThat(roundTrip(Codecs.ROW, back.row()).fingerprints())
          .isEqualTo(cell.row().fingerprints());
    }
  }

  @Test
  void mixCountsSurviveTheirLayout_deltasWithNegativeCounts() throws IOException {
    MixCounts m =
        new MixCounts(
            Protocol.UDP,
            19_000,
            java.util.Map.of("ip_length+ttl=52/129-255", 3L, "ttl=33-64", -2L));
    assertThat(roundTrip(Codecs.MIX, m)).isEqualTo(m);
    assertThat(m.stateKey() >> 2).isEqualTo(19_000);
    assertThat(Protocol.values()[(int) (m.stateKey() & 3)]).isEqualTo(Protocol.UDP);
  }

  @Test
  void finalAt_isTheWindowsCleanupTime_andGivesItsBucketBack() {
    for (BucketSize b : BucketSize.values()) {
      for (Duration lateness :
          List.of(Duration.ZERO, Duration.ofMinutes(30), Duration.ofHours(3))) {
        JobSettings s = JobSettings.defaults(b).withLateness(Duration.ZERO, lateness);
        for (long index : new long[] {0, 1, 19_000, 480_000}) {
          long end = (index + 1) * b.seconds() * 1000;
          // a window's cleanup time: its max timestamp (end - 1) plus the allowed lateness
          assertThat(s.finalAt(index)).isEqualTo(end - 1 + lateness.toMillis());
          assertThat(s.bucketFinalAt(s.finalAt(index))).isEqualTo(index);
        }
      }
    }
  }

  @Test
  void portHistorySurvivesCheckpointLayout() throws IOException {
    PortHistory h = new PortHistory();
    for (int day = 0; day < 3; day++) {
      BucketCell cell = new BucketCell(BucketSize.DAY);
      cell.add(probe(day * 86_400L, 0x0a00_0001, 445, 1));
      h.put(cell.row(), BucketSize.DAY);
    }
    h.emitted.put(86_400L, 42);
    PortHistory back = roundTrip(Codecs.HISTORY, h);
    assertThat(back.counts.keySet()).isEqualTo(h.counts.keySet());
    assertThat(back.counts.get(1L)).containsExactly(h.counts.get(1L));
    assertThat(back.features.get(2L).total(Feature.SOURCE_PORT)).isEqualTo(1);
    assertThat(back.emitted).isEqualTo(h.emitted);
    assertThat(back.port).isEqualTo(445);
    assertThat(back.fingerprints).isEqualTo(h.fingerprints).hasSize(3);
    assertThat(back.fingerprintsFrom).isEqualTo(Long.MIN_VALUE);
  }

  /**
   * A port history checkpointed by state version 1 (no fingerprint sets) restores, and its buckets
   * run without the fingerprint alarm instead of reading as buckets without sources.
   */
  @Test
  void portHistoryOfStateVersion1_restoresWithoutFingerprintSets() throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    out.writeByte(1); // state version 1
    out.writeShort(445);
    out.writeByte(Protocol.TCP.ordinal());
    out.writeInt(2);
    for (long day = 0; day < 2; day++) {
      out.writeLong(day);
      out.writeLong(1);
      out.writeLong(1);
      out.writeLong(1);
      out.writeByte(0); // no feature histograms
    }
    out.writeInt(0); // nothing emitted
    PortHistory h =
        Codecs.HISTORY
            .createSerializer(new SerializerConfigImpl())
            .deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(h.counts).hasSize(2);
    assertThat(h.fingerprints).isEmpty();
    assertThat(h.fingerprintsFrom).isEqualTo(2);
  }

  @Test
  void probeFile_readsEveryRecord_andCutShortLastRecordEndsTheFile() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Probe> written = new ArrayList<>();
    try (ProbeFiles files = new ProbeFiles(bytes)) {
      for (int i = 0; i < 3; i++) {
        written.add(probe(i, 0x0a00_0000 + i, 80, i));
        files.accept(written.get(i));
      }
    }
    byte[] whole = bytes.toByteArray();
    byte[] cut = Arrays.copyOf(whole, whole.length + 10);
    cut[whole.length] = 0;
    cut[whole.length + 1] = 40; // a 40-byte record of which 8 bytes follow
    assertThat(read(cut)).isEqualTo(written);
  }

  @Test
  void probeFile_corruptRecordStopsWithItsOffset() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ProbeFiles files = new ProbeFiles(bytes)) {
      files.accept(probe(1, 0x0a00_0001, 80, 1));
      files.accept(probe(2, 0x0a00_0002, 80, 1));
    }
    byte[] b = bytes.toByteArray();
    int second = 2 + ((b[0] & 0xff) << 8 | (b[1] & 0xff));
    b[second + 2] = 9; // the second record's version byte
    assertThatThrownBy(() -> read(b))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "encoded probe file: record at offset "
                + second
                + ": probe record corrupt at offset 0: unknown version 9 (this reader knows 1)");
  }

  @Test
  void options_defaultsAndOneLineErrors() {
    JobOptions o = JobOptions.parse("--bootstrap", "k:9092", "--topic", "probes");
    assertThat(o.settings().bucket()).isEqualTo(BucketSize.DAY);
    assertThat(o.settings().outOfOrderness()).isEqualTo(Duration.ofMinutes(10));
    assertThat(o.settings().allowedLateness()).isEqualTo(Duration.ofHours(1));
    assertThat(o.settings().origin()).isNull();
    assertThat(
            JobOptions.parse("--bootstrap", "k", "--files", "a", "b", "--origin", "2002-08-25")
                .files())
        .containsExactly("a", "b");
    assertThatThrownBy(() -> JobOptions.parse("--bootstrap", "k"))
        .hasMessage("give either --topic or --files");
    assertThatThrownBy(() -> JobOptions.parse("--topic", "t", "--bucket", "1w", "--bootstrap", "k"))
        .hasMessage("unknown bucket '1w' (expected 1d or 1h)");
    assertThatThrownBy(() -> JobOptions.parse("--topic", "t", "--parallelism", "0"))
        .hasMessage("--parallelism '0' is not a positive number");
    assertThatThrownBy(() -> JobOptions.parse("--topic", "t", "--origin", "yesterday"))
        .hasMessage("--origin 'yesterday' is neither a date (2002-08-25) nor an instant");
    assertThat(o.db()).isNull();
    assertThat(
            JobOptions.parse("--bootstrap", "k", "--topic", "t", "--db", "jdbc:postgresql://h/d")
                .db())
        .isEqualTo("jdbc:postgresql://h/d");
    assertThatThrownBy(
            () -> JobOptions.parse("--bootstrap", "k", "--topic", "t", "--db", "jdbc:mysql://h/d"))
        .hasMessage(
            "--db: unsupported database URL 'jdbc:mysql://h/d' (expected jdbc:postgresql://...)");
    assertThat(o.output())
        .isEqualTo(
            new KafkaIo.Output(
                "k:9092", KafkaIo.Delivery.EXACTLY_ONCE, "stormwatch", "stormwatch-progress"));
    assertThat(
            JobOptions.parse(
                    "--bootstrap",
                    "k",
                    "--topic",
                    "t",
                    "--delivery",
                    "at-least-once",
                    "--transactional-id-prefix",
                    "job2",
                    "--progress-topic",
                    "p2")
                .output())
        .isEqualTo(new KafkaIo.Output("k", KafkaIo.Delivery.AT_LEAST_ONCE, "job2", "p2"));
    assertThatThrownBy(
            () -> JobOptions.parse("--bootstrap", "k", "--topic", "t", "--delivery", "once"))
        .hasMessage("--delivery 'once' is neither exactly-once nor at-least-once");
  }

  private List<Probe> read(byte[] file) throws IOException {
    File f = dir.resolve("p" + System.nanoTime() + ".probes").toFile();
    Files.write(f.toPath(), file);
    List<Probe> out = new ArrayList<>();
    StreamFormat.Reader<Probe> reader =
        new ProbeFileFormat().createReader(new Configuration(), new LocalDataInputStream(f));
    try {
      for (Probe p = reader.read(); p != null; p = reader.read()) {
        out.add(p);
      }
    } finally {
      reader.close();
    }
    return out;
  }

  private static Probe probe(long seconds, int source, int port, int ttl) {
    return new Probe(
        seconds * 1_000_000_000L,
        0,
        IpAddresses.v4Lo(source),
        2000 + ttl,
        0,
        IpAddresses.v4Lo(0xac10_0001 + ttl),
        port,
        Protocol.UDP,
        Probe.UNKNOWN,
        78,
        ttl * 40,
        "",
        null);
  }

  private static <T> T roundTrip(TypeInformation<T> type, T value) throws IOException {
    TypeSerializer<T> s = type.createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(256);
    s.serialize(value, out);
    return s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }
}

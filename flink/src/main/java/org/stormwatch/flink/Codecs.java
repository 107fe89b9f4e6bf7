package org.stormwatch.flink;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.DistinctCounter;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.codec.ProbeCodec;
import org.stormwatch.core.detect.Feature;
import org.stormwatch.core.detect.FeatureCounts;
import org.stormwatch.core.detect.FingerprintSources;
import org.stormwatch.core.detect.FingerprintSourcesCodec;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * The layouts of the job's records and state. Each state layout starts with a version byte so that
 * a later job can still restore an older checkpoint; probes use core's {@link ProbeCodec}. State
 * version 2 added each cell's fingerprint source sets (core's {@link FingerprintSourcesCodec}
 * form); version 1 state still restores, without them.
 */
final class Codecs {
  private static final byte STATE_VERSION = 2;
  private static final Protocol[] PROTOCOLS = Protocol.values();
  private static final Feature[] FEATURES = Feature.values();
  private static final BucketSize[] BUCKETS = BucketSize.values();

  private Codecs() {}

  static final TypeInformation<Probe> PROBE = new CodecTypeInfo<>(new ProbeRecords(), true);
  static final TypeInformation<BucketCell> CELL = new CodecTypeInfo<>(new Cells(), false);
  static final TypeInformation<BucketRow> ROW = new CodecTypeInfo<>(new Rows(), true);
  static final TypeInformation<PortActivity> ACTIVITY = new CodecTypeInfo<>(new Activities(), true);
  static final TypeInformation<PortHistory> HISTORY = new CodecTypeInfo<>(new Histories(), false);
  static final TypeInformation<AlertUpdate> ALERT = new CodecTypeInfo<>(new Alerts(), true);
  static final TypeInformation<MixCounts> MIX = new CodecTypeInfo<>(new Mixes(), true);

  /** Protocol, bucket index, then (value, count) pairs. */
  static final class Mixes implements Codec<MixCounts> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(MixCounts m, DataOutput out) throws IOException {
      out.writeByte(m.protocol().ordinal());
      out.writeLong(m.bucket());
      out.writeInt(m.counts().size());
      for (Map.Entry<String, Long> e : m.counts().entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue());
      }
    }

    @Override
    public MixCounts read(DataInput in) throws IOException {
      Protocol protocol = PROTOCOLS[in.readUnsignedByte()];
      long bucket = in.readLong();
      int n = in.readInt();
      if (n < 0 || n > 1 << 24) {
        throw new IOException("bad mix size " + n);
      }
      Map<String, Long> counts = new java.util.HashMap<>();
      for (int i = 0; i < n; i++) {
        counts.put(in.readUTF(), in.readLong());
      }
      return new MixCounts(protocol, bucket, counts);
    }

    @Override
    public Class<MixCounts> type() {
      return MixCounts.class;
    }
  }

  static final class ProbeRecords implements Codec<Probe> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(Probe value, DataOutput out) throws IOException {
      byte[] bytes = ProbeCodec.encode(value);
      out.writeShort(bytes.length);
      out.write(bytes);
    }

    @Override
    public Probe read(DataInput in) throws IOException {
      byte[] bytes = new byte[in.readUnsignedShort()];
      in.readFully(bytes);
      return ProbeCodec.decode(bytes);
    }

    @Override
    public Class<Probe> type() {
      return Probe.class;
    }
  }

  static final class Activities implements Codec<PortActivity> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(PortActivity a, DataOutput out) throws IOException {
      writeActivity(a, out);
    }

    @Override
    public PortActivity read(DataInput in) throws IOException {
      return readActivity(in);
    }

    @Override
    public Class<PortActivity> type() {
      return PortActivity.class;
    }
  }

  static final class Rows implements Codec<BucketRow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(BucketRow r, DataOutput out) throws IOException {
      writeActivity(r.activity(), out);
      out.writeBoolean(r.exact());
      writeFeatures(r.features(), out);
      writeFingerprints(r.fingerprints(), out);
    }

    @Override
    public BucketRow read(DataInput in) throws IOException {
      return new BucketRow(
          readActivity(in), in.readBoolean(), readFeatures(in), readFingerprints(in));
    }

    @Override
    public Class<BucketRow> type() {
      return BucketRow.class;
    }
  }

  static final class Cells implements Codec<BucketCell> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(BucketCell c, DataOutput out) throws IOException {
      out.writeByte(STATE_VERSION);
      out.writeByte(c.bucket().ordinal());
      out.writeLong(c.start);
      out.writeShort(c.port);
      out.writeByte(c.protocol.ordinal());
      out.writeLong(c.records);
      writeBytes(c.sources.toBytes(), out);
      writeBytes(c.targets.toBytes(), out);
      writeFeatures(c.features(), out);
      writeFingerprints(c.fingerprints(), out);
    }

    @Override
    public BucketCell read(DataInput in) throws IOException {
      int version = checkVersion(in.readByte(), "bucket cell");
      BucketCell c = new BucketCell(BUCKETS[in.readUnsignedByte()]);
      c.start = in.readLong();
      c.port = in.readUnsignedShort();
      c.protocol = PROTOCOLS[in.readUnsignedByte()];
      c.records = in.readLong();
      c.sources = DistinctCounter.fromBytes(readBytes(in));
      c.targets = DistinctCounter.fromBytes(readBytes(in));
      c.restored = readFeatures(in);
      if (version >= 2) {
        c.restoredSets = readFingerprints(in);
      }
      return c;
    }

    @Override
    public Class<BucketCell> type() {
      return BucketCell.class;
    }
  }

  static final class Histories implements Codec<PortHistory> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(PortHistory h, DataOutput out) throws IOException {
      out.writeByte(STATE_VERSION);
      out.writeShort(h.port);
      out.writeByte(h.protocol.ordinal());
      out.writeInt(h.counts.size());
      for (Map.Entry<Long, long[]> e : h.counts.entrySet()) {
        out.writeLong(e.getKey());
        for (long v : e.getValue()) {
          out.writeLong(v);
        }
        writeFeatures(h.features.get(e.getKey()), out);
        FingerprintSources sets = h.fingerprints.get(e.getKey());
        writeFingerprints(sets == null ? new FingerprintSources() : sets, out);
      }
      out.writeLong(h.fingerprintsFrom);
      out.writeInt(h.emitted.size());
      for (Map.Entry<Long, Integer> e : h.emitted.entrySet()) {
        out.writeLong(e.getKey());
        out.writeInt(e.getValue());
      }
    }

    @Override
    public PortHistory read(DataInput in) throws IOException {
      int version = checkVersion(in.readByte(), "port history");
      PortHistory h = new PortHistory();
      h.port = in.readUnsignedShort();
      h.protocol = PROTOCOLS[in.readUnsignedByte()];
      for (int i = in.readInt(); i > 0; i--) {
        long index = in.readLong();
        h.counts.put(index, new long[] {in.readLong(), in.readLong(), in.readLong()});
        h.features.put(index, readFeatures(in));
        if (version >= 2) {
          h.fingerprints.put(index, readFingerprints(in));
        }
      }
      if (version >= 2) {
        h.fingerprintsFrom = in.readLong();
      } else if (!h.counts.isEmpty()) {
        h.fingerprintsFrom = h.counts.lastKey() + 1;
      }
      for (int i = in.readInt(); i > 0; i--) {
        h.emitted.put(in.readLong(), in.readInt());
      }
      return h;
    }

    @Override
    public Class<PortHistory> type() {
      return PortHistory.class;
    }
  }

  static final class Alerts implements Codec<AlertUpdate> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(AlertUpdate a, DataOutput out) throws IOException {
      StoreRecords.writeAlert(a.alert(), out);
      writeBytes(a.json().getBytes(java.nio.charset.StandardCharsets.UTF_8), out);
    }

    @Override
    public AlertUpdate read(DataInput in) throws IOException {
      return new AlertUpdate(
          StoreRecords.readAlert(in),
          new String(readBytes(in), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public Class<AlertUpdate> type() {
      return AlertUpdate.class;
    }
  }

  private static void writeActivity(PortActivity a, DataOutput out) throws IOException {
    out.writeLong(a.start().getEpochSecond());
    out.writeShort(a.port());
    out.writeByte(a.protocol().ordinal());
    out.writeLong(a.records());
    out.writeLong(a.sources());
    out.writeLong(a.targets());
  }

  private static PortActivity readActivity(DataInput in) throws IOException {
    return new PortActivity(
        Instant.ofEpochSecond(in.readLong()),
        in.readUnsignedShort(),
        PROTOCOLS[in.readUnsignedByte()],
        in.readLong(),
        in.readLong(),
        in.readLong());
  }

  /** Per feature with counts: its ordinal, its value count, then (value, count) pairs. */
  static void writeFeatures(FeatureCounts f, DataOutput out) throws IOException {
    int present = 0;
    for (Feature feature : FEATURES) {
      present += f.values(feature).isEmpty() ? 0 : 1;
    }
    out.writeByte(present);
    for (Feature feature : FEATURES) {
      Map<String, Long> values = f.values(feature);
      if (values.isEmpty()) {
        continue;
      }
      out.writeByte(feature.ordinal());
      out.writeShort(values.size());
      for (Map.Entry<String, Long> v : values.entrySet()) {
        out.writeUTF(v.getKey());
        out.writeLong(v.getValue());
      }
    }
  }

  static FeatureCounts readFeatures(DataInput in) throws IOException {
    FeatureCounts f = new FeatureCounts();
    for (int n = in.readUnsignedByte(); n > 0; n--) {
      Feature feature = FEATURES[in.readUnsignedByte()];
      for (int k = in.readUnsignedShort(); k > 0; k--) {
        f.add(feature, in.readUTF(), in.readLong());
      }
    }
    return f;
  }

  static void writeFingerprints(FingerprintSources f, DataOutput out) throws IOException {
    writeBytes(FingerprintSourcesCodec.encode(f), out);
  }

  static FingerprintSources readFingerprints(DataInput in) throws IOException {
    try {
      return FingerprintSourcesCodec.decode(readBytes(in));
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  static void writeBytes(byte[] bytes, DataOutput out) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static byte[] readBytes(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 26) {
      throw new IOException("bad length " + n);
    }
    byte[] bytes = new byte[n];
    in.readFully(bytes);
    return bytes;
  }

  private static int checkVersion(byte version, String what) throws IOException {
    if (version < 1 || version > STATE_VERSION) {
      throw new IOException(
          what + " state version " + version + ", expected 1 to " + STATE_VERSION);
    }
    return version;
  }
}

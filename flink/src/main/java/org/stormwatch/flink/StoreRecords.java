package org.stormwatch.flink;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.detect.Counts;
import org.stormwatch.core.detect.Explanation;
import org.stormwatch.core.detect.Feature;
import org.stormwatch.core.detect.Reach;
import org.stormwatch.core.detect.Trend;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.store.ActivityCell;

/**
 * Layouts of the records on the way to the store: hourly cells ({@link ActivityCell}) and whole
 * alerts. Records between operators, never state, so they carry no version byte.
 */
final class StoreRecords {
  private static final Protocol[] PROTOCOLS = Protocol.values();
  private static final Feature[] FEATURES = Feature.values();
  private static final Trend[] TRENDS = Trend.values();

  private StoreRecords() {}

  static final TypeInformation<ActivityCell> CELL = new CodecTypeInfo<>(new Cells(), true);

  static final class Cells implements Codec<ActivityCell> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(ActivityCell c, DataOutput out) throws IOException {
      out.writeLong(c.hour().getEpochSecond());
      out.writeShort(c.port());
      out.writeByte(c.protocol().ordinal());
      out.writeLong(c.records());
      Codecs.writeBytes(c.sourceSet(), out);
      Codecs.writeBytes(c.targetSet(), out);
      Codecs.writeFeatures(c.features(), out);
      Codecs.writeFingerprints(c.fingerprints(), out);
    }

    @Override
    public ActivityCell read(DataInput in) throws IOException {
      return new ActivityCell(
          Instant.ofEpochSecond(in.readLong()),
          in.readUnsignedShort(),
          PROTOCOLS[in.readUnsignedByte()],
          in.readLong(),
          Codecs.readBytes(in),
          Codecs.readBytes(in),
          Codecs.readFeatures(in),
          Codecs.readFingerprints(in));
    }

    @Override
    public Class<ActivityCell> type() {
      return ActivityCell.class;
    }
  }

  /** Every field of an alert, so that the store receives it as the detector made it. */
  static void writeAlert(Alert a, DataOutput out) throws IOException {
    out.writeUTF(a.kind());
    out.writeUTF(a.method());
    out.writeShort(a.port());
    out.writeByte(a.protocol().ordinal());
    out.writeLong(a.onset().getEpochSecond());
    out.writeLong(a.detected().getEpochSecond());
    out.writeLong(a.last().getEpochSecond());
    out.writeDouble(a.score());
    writeCounts(a.surge(), out);
    writeCounts(a.baseline(), out);
    out.writeByte(a.trend().ordinal());
    out.writeShort(a.explanation().size());
    for (Explanation e : a.explanation()) {
      out.writeByte(e.feature().ordinal());
      out.writeUTF(e.value());
      out.writeDouble(e.share());
      out.writeDouble(e.baselineShare());
    }
    out.writeUTF(a.summary());
    out.writeLong(a.reach().sources());
    out.writeLong(a.reach().targets());
    out.writeLong(a.reach().scanners());
  }

  static Alert readAlert(DataInput in) throws IOException {
    String kind = in.readUTF();
    String method = in.readUTF();
    int port = in.readUnsignedShort();
    Protocol protocol = PROTOCOLS[in.readUnsignedByte()];
    Instant onset = Instant.ofEpochSecond(in.readLong());
    Instant detected = Instant.ofEpochSecond(in.readLong());
    Instant last = Instant.ofEpochSecond(in.readLong());
    double score = in.readDouble();
    Counts surge = readCounts(in);
    Counts baseline = readCounts(in);
    Trend trend = TRENDS[in.readUnsignedByte()];
    List<Explanation> explanation = new ArrayList<>();
    for (int n = in.readUnsignedShort(); n > 0; n--) {
      explanation.add(
          new Explanation(
              FEATURES[in.readUnsignedByte()], in.readUTF(), in.readDouble(), in.readDouble()));
    }
    String summary = in.readUTF();
    Reach reach = new Reach(in.readLong(), in.readLong(), in.readLong());
    return new Alert(
        kind,
        method,
        port,
        protocol,
        onset,
        detected,
        last,
        score,
        surge,
        baseline,
        trend,
        explanation,
        summary,
        reach);
  }

  private static void writeCounts(Counts c, DataOutput out) throws IOException {
    out.writeDouble(c.records());
    out.writeDouble(c.sources());
    out.writeDouble(c.targets());
  }

  private static Counts readCounts(DataInput in) throws IOException {
    return new Counts(in.readDouble(), in.readDouble(), in.readDouble());
  }
}

package org.stormwatch.flink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * What one writer subtask wrote to one topic between two checkpoints: the committable of {@link
 * TransactionalKafkaSink}. Its id, (epoch, writer subtask, sequence), is unique for ever: the epoch
 * is a random 64-bit number drawn by every writer instance, the sequence counts that instance's
 * non-empty batches from 0.
 *
 * @param epoch the writer instance's random id
 * @param subtask the writer subtask that made the batch
 * @param sequence the batch's number within its epoch (0, 1, 2, ...)
 * @param topic where the records go
 * @param records the records, in the order the writer received them
 */
record KafkaBatch(long epoch, int subtask, long sequence, String topic, List<Rec> records) {
  /** One Kafka record: key (or null) and value (or null) as the producer sends them. */
  record Rec(byte[] key, byte[] value) {}

  KafkaBatch {
    records = List.copyOf(records);
  }

  /** {@code 5f0c2e7a9b1d3c48/1/17}: epoch in hex, writer subtask, sequence; the progress key. */
  String id() {
    return Long.toHexString(epoch) + "/" + subtask + "/" + sequence;
  }

  /**
   * The checkpointed form, version 1 (all integers big-endian):
   *
   * <pre>
   * offset  size  field
   * 0       8     epoch
   * 8       4     writer subtask (0 or more)
   * 12      8     sequence (0 or more)
   * 20      2     topic length T (1 to 249: Kafka's limit)
   * 22      T     topic, UTF-8
   * 22+T    4     record count N (0 or more)
   * then N times: key length K (-1: null key), K bytes; value length V (-1: null value), V bytes
   * </pre>
   *
   * Every length and count is checked against the bytes left before use; a form that ends early or
   * has bytes left over is corrupt (it came whole from a checkpoint).
   */
  static final class Serializer implements SimpleVersionedSerializer<KafkaBatch> {
    static final int VERSION = 1;
    private static final int MAX_TOPIC = 249;

    @Override
    public int getVersion() {
      return VERSION;
    }

    @Override
    public byte[] serialize(KafkaBatch b) {
      byte[] topic = b.topic().getBytes(StandardCharsets.UTF_8);
      long size = 26L + topic.length;
      for (Rec r : b.records()) {
        size += 8L + length(r.key()) + length(r.value());
      }
      if (size > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException(
            "batch " + b.id() + " for " + b.topic() + " is " + size + " bytes: too big to store");
      }
      ByteBuffer out = ByteBuffer.allocate((int) size);
      out.putLong(b.epoch()).putInt(b.subtask()).putLong(b.sequence());
      out.putShort((short) topic.length).put(topic);
      out.putInt(b.records().size());
      for (Rec r : b.records()) {
        put(out, r.key());
        put(out, r.value());
      }
      return out.array();
    }

    @Override
    public KafkaBatch deserialize(int version, byte[] serialized) throws IOException {
      if (version != VERSION) {
        throw new IOException(
            "Kafka batch: unknown version " + version + " (knows " + VERSION + ")");
      }
      ByteBuffer in = ByteBuffer.wrap(serialized);
      need(in, 22, "header");
      long epoch = in.getLong();
      int subtask = in.getInt();
      long sequence = in.getLong();
      int topicLength = in.getShort();
      if (subtask < 0 || sequence < 0 || topicLength < 1 || topicLength > MAX_TOPIC) {
        throw new IOException(
            "Kafka batch: corrupt header (subtask "
                + subtask
                + ", sequence "
                + sequence
                + ", topic length "
                + topicLength
                + ")");
      }
      need(in, topicLength + 4, "topic and record count");
      byte[] topic = new byte[topicLength];
      in.get(topic);
      int count = in.getInt();
      // every record takes at least its two length fields
      if (count < 0 || count > in.remaining() / 8) {
        throw new IOException(
            "Kafka batch: record count " + count + " with " + in.remaining() + " bytes left");
      }
      List<Rec> records = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        records.add(new Rec(bytes(in, i, "key"), bytes(in, i, "value")));
      }
      if (in.hasRemaining()) {
        throw new IOException("Kafka batch: " + in.remaining() + " bytes after the last record");
      }
      return new KafkaBatch(
          epoch, subtask, sequence, new String(topic, StandardCharsets.UTF_8), records);
    }

    private static int length(byte[] b) {
      return b == null ? 0 : b.length;
    }

    private static void put(ByteBuffer out, byte[] b) {
      if (b == null) {
        out.putInt(-1);
      } else {
        out.putInt(b.length).put(b);
      }
    }

    private static void need(ByteBuffer in, int bytes, String what) throws IOException {
      if (in.remaining() < bytes) {
        throw new IOException(
            "Kafka batch: truncated in the "
                + what
                + " at offset "
                + in.position()
                + " (needs "
                + bytes
                + ", has "
                + in.remaining()
                + ")");
      }
    }

    private static byte[] bytes(ByteBuffer in, int record, String what) throws IOException {
      need(in, 4, what + " length of record " + record);
      int n = in.getInt();
      if (n == -1) {
        return null;
      }
      if (n < 0) {
        throw new IOException(
            "Kafka batch: " + what + " length " + n + " of record " + record + " is negative");
      }
      need(in, n, what + " of record " + record);
      byte[] b = new byte[n];
      in.get(b);
      return b;
    }
  }
}

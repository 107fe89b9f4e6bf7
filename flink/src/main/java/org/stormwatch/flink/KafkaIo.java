package org.stormwatch.flink;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.codec.ProbeCodec;
import org.stormwatch.core.codec.ProbeDecodeException;
import org.stormwatch.core.model.Probe;

/**
 * Kafka ends of the job: encoded probes in; alerts and port-report rows out as JSON lines keyed by
 * what they describe, and too-late probes out encoded.
 *
 * <p>Delivery ({@code --delivery}): exactly once by default, through {@link
 * TransactionalKafkaSink}. Each checkpoint's records are committed in one Kafka transaction when
 * the checkpoint completes, so a consumer reading with {@code isolation.level=read_committed} sees
 * every record once, also after the job was restored from a checkpoint; output appears when a
 * checkpoint completes (latency: the checkpoint interval). A consumer reading {@code
 * read_uncommitted} (Kafka's default) may also see records of aborted transactions. Why our own
 * sink and not the connector's exactly-once writer: that writer (flink-connector-kafka 5.0.0-2.2,
 * built against kafka-clients 4.2.0) calls {@code TransactionalRequestResult.await()}, which
 * kafka-clients 4.3.1 no longer has: it fails with a NoSuchMethodError on the first checkpoint.
 *
 * <p>{@code at-least-once}: the connector's writer without transactions, records sent as they come
 * and flushed at each checkpoint; after a restore the records written since the last checkpoint are
 * written again, with the same key and value (each record is the whole latest version of its key,
 * so a reader keeping the latest value per key still sees each version once).
 */
final class KafkaIo {
  private KafkaIo() {}

  /** How records reach the output topics. */
  enum Delivery {
    EXACTLY_ONCE,
    AT_LEAST_ONCE;

    static Delivery parse(String v) {
      return switch (v) {
        case "exactly-once" -> EXACTLY_ONCE;
        case "at-least-once" -> AT_LEAST_ONCE;
        default ->
            throw new IllegalArgumentException(
                "--delivery '" + v + "' is neither exactly-once nor at-least-once");
      };
    }
  }

  /**
   * The output side: brokers, delivery, and for exactly once the transactional id prefix and the
   * progress topic.
   */
  record Output(
      String bootstrap, Delivery delivery, String transactionalIdPrefix, String progressTopic)
      implements java.io.Serializable {
    <T> Sink<T> sink(String topic, SerializableFunction<T, KafkaBatch.Rec> serializer) {
      if (delivery == Delivery.EXACTLY_ONCE) {
        return new TransactionalKafkaSink<>(
            topic,
            serializer,
            new KafkaTransactions(bootstrap, transactionalIdPrefix, progressTopic));
      }
      return KafkaSink.<T>builder()
          .setBootstrapServers(bootstrap)
          .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
          .setRecordSerializer(
              (KafkaRecordSerializationSchema<T>)
                  (e, context, timestamp) -> {
                    KafkaBatch.Rec r = serializer.apply(e);
                    return new ProducerRecord<>(topic, r.key(), r.value());
                  })
          .build();
    }
  }

  /**
   * The probes of a topic, from the committed offsets of the group (or the earliest). Bounded: stop
   * at the offsets that are the latest when the job starts (a backfill of what is there).
   */
  static KafkaSource<Probe> source(String bootstrap, String topic, String group, boolean bounded) {
    var builder =
        KafkaSource.<Probe>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(topic)
            .setGroupId(group)
            .setStartingOffsets(
                OffsetsInitializer.committedOffsets(
                    org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
            .setDeserializer(new ProbeRecords())
            .setProperty("isolation.level", "read_committed");
    if (bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  /** Alerts as JSON lines, keyed {@code 137/udp@2002-09-28T00:00:00Z}. */
  static Sink<AlertUpdate> alertSink(Output out, String topic) {
    return out.sink(topic, a -> new KafkaBatch.Rec(utf8(a.key()), utf8(a.json())));
  }

  /** Port-report rows as JSON lines, keyed {@code 2002-09-28T00:00:00Z 137/udp}. */
  static Sink<PortActivity> activitySink(Output out, String topic) {
    return out.sink(
        topic,
        r ->
            new KafkaBatch.Rec(
                utf8(r.start() + " " + r.port() + "/" + r.protocol().label()),
                utf8(AlertJson.line(r))));
  }

  /** Probes later than the allowed lateness, encoded, without key. */
  static Sink<Probe> lateSink(Output out, String topic) {
    return out.sink(topic, p -> new KafkaBatch.Rec(null, ProbeCodec.encode(p)));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Decodes record values; a record that is no probe is skipped with one log line naming its topic,
   * partition and offset and what is wrong (a poison record must not stop the job forever).
   */
  static final class ProbeRecords implements KafkaRecordDeserializationSchema<Probe> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ProbeRecords.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Probe> out) {
      if (record.value() == null) {
        LOG.warn(
            "{}-{}@{}: empty record, skipped", record.topic(), record.partition(), record.offset());
        return;
      }
      try {
        out.collect(ProbeCodec.decode(record.value()));
      } catch (ProbeDecodeException e) {
        LOG.warn(
            "{}-{}@{}: {}, skipped",
            record.topic(),
            record.partition(),
            record.offset(),
            e.getMessage());
      }
    }

    @Override
    public TypeInformation<Probe> getProducedType() {
      return Codecs.PROBE;
    }
  }
}

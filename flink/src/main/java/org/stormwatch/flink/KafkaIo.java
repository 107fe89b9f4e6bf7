package org.stormwatch.flink;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
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
 * <p>Delivery: the job's state is exactly once (checkpoints); the output topics are at least once
 * but idempotent: every record is the whole latest version of its key, so a replay after a restore
 * re-sends identical (key, value) pairs, and a reader keeping the latest value per key (or a
 * compacted topic) sees each row and alert once. Why not Kafka transactions: the connector's
 * exactly-once writer (flink-connector-kafka 5.0.0-2.2, built against kafka-clients 4.2.0) calls
 * {@code TransactionalRequestResult.await()}, which kafka-clients 4.3.1 no longer has: it fails
 * with a NoSuchMethodError on the first checkpoint.
 */
final class KafkaIo {
  private KafkaIo() {}

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

  static KafkaSink<AlertUpdate> alertSink(String bootstrap, String topic) {
    return KafkaSink.<AlertUpdate>builder()
        .setBootstrapServers(bootstrap)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(
            (KafkaRecordSerializationSchema<AlertUpdate>)
                (a, context, timestamp) ->
                    new ProducerRecord<>(
                        topic,
                        a.key().getBytes(StandardCharsets.UTF_8),
                        a.json().getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  static KafkaSink<PortActivity> activitySink(String bootstrap, String topic) {
    return KafkaSink.<PortActivity>builder()
        .setBootstrapServers(bootstrap)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(
            (KafkaRecordSerializationSchema<PortActivity>)
                (r, context, timestamp) ->
                    new ProducerRecord<>(
                        topic,
                        (r.start() + " " + r.port() + "/" + r.protocol().label())
                            .getBytes(StandardCharsets.UTF_8),
                        AlertJson.line(r).getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  static KafkaSink<Probe> lateSink(String bootstrap, String topic) {
    return KafkaSink.<Probe>builder()
        .setBootstrapServers(bootstrap)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(
            (KafkaRecordSerializationSchema<Probe>)
                (p, context, timestamp) -> new ProducerRecord<>(topic, ProbeCodec.encode(p)))
        .build();
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

package org.stormwatch.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stormwatch.store.Receipt;

/**
 * The submission keys published so far, read back from the receipts topic: each transaction that
 * publishes a submission's probes also writes one receipt record (key: the submission key; value:
 * sensor, time, probes, rejected as JSON), so a receipt is on the topic exactly when its probes
 * are. The table is read at start and after every failed transaction (when the producer's
 * re-initialisation has settled that transaction one way or the other), with {@code
 * read_committed}, so it never holds a key whose probes were aborted. A receipt's id is its offset
 * in the (one-partition) receipts topic.
 *
 * <p>Bounds: the table holds every key within the receipts topic's retention (7 days when this
 * server made the topic), about 150 bytes each; a retry older than that is published again. The
 * table is this process's: a second serving process on the same topics reads the others' receipts
 * only when it starts or after a failed transaction.
 */
final class ReceiptLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiptLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String topic;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Receipt> byKey = new ConcurrentHashMap<>();
  private List<TopicPartition> parts;

  ReceiptLog(KafkaTarget target) {
    this.topic = target.receiptsTopic();
    Properties p = new Properties();
    p.put("bootstrap.servers", target.bootstrap());
    p.put("client.id", target.transactionalId() + "-receipts");
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", "false");
    p.put("auto.offset.reset", "earliest");
    p.put("request.timeout.ms", Long.toString(target.timeout().toMillis()));
    p.put("default.api.timeout.ms", Long.toString(target.timeout().toMillis()));
    this.consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** The receipt published under this key, if any. Thread-safe. */
  Optional<Receipt> get(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  /** Remembers a receipt just committed. */
  void put(Receipt r) {
    byKey.put(r.key(), r);
  }

  int size() {
    return byKey.size();
  }

  /**
   * Reads the receipts topic up to its last committed record. Only the publisher's thread calls
   * this (and the starting thread before it).
   *
   * @throws KafkaException when Kafka does not answer within the timeout
   */
  void catchUp(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (parts == null) {
      List<PartitionInfo> info = consumer.partitionsFor(topic, timeout);
      if (info == null || info.isEmpty()) {
        throw new KafkaException("topic " + topic + " does not exist");
      }
      if (info.size() > 1) {
        LOG.warn("{} has {} partitions: submission ids repeat across them", topic, info.size());
      }
      List<TopicPartition> all = new ArrayList<>();
      info.forEach(i -> all.add(new TopicPartition(topic, i.partition())));
      consumer.assign(all);
      consumer.seekToBeginning(all);
      parts = all;
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
    while (!caughtUp(end, timeout)) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("reading " + topic + " to its end took over " + timeout);
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        add(r);
      }
    }
  }

  private boolean caughtUp(Map<TopicPartition, Long> end, Duration timeout) {
    for (TopicPartition tp : parts) {
      if (consumer.position(tp, timeout) < end.getOrDefault(tp, 0L)) {
        return false;
      }
    }
    return true;
  }

  private void add(ConsumerRecord<byte[], byte[]> r) {
    if (r.key() == null || r.value() == null) {
      LOG.warn(
          "{}-{}@{}: receipt without key or value, skipped", r.topic(), r.partition(), r.offset());
      return;
    }
    String key = new String(r.key(), StandardCharsets.UTF_8);
    try {
      byKey.putIfAbsent(key, decode(key, r.offset(), r.value()));
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "{}-{}@{}: not a receipt ({}), skipped",
          r.topic(),
          r.partition(),
          r.offset(),
          e.getMessage());
    }
  }

  /** The value of a receipt record: JSON {@code {sensor, at, probes, rejected}}. */
  static byte[] encode(String sensor, Instant at, long probes, Map<String, Long> rejected) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("sensor", sensor);
    v.put("at", at.toString());
    v.put("probes", probes);
    v.put("rejected", rejected);
    try {
      return JSON.writeValueAsBytes(v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Receipt decode(String key, long offset, byte[] value) throws IOException {
    JsonNode n = JSON.readTree(value);
    Map<String, Long> rejected =
        JSON.convertValue(n.path("rejected"), new TypeReference<Map<String, Long>>() {});
    return new Receipt(
        offset,
        key,
        n.path("sensor").asText(),
        Instant.parse(n.path("at").asText()),
        n.path("probes").asLong(),
        rejected == null ? Map.of() : rejected,
        false);
  }

  @Override
  public void close() {
    consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(1)));
  }
}

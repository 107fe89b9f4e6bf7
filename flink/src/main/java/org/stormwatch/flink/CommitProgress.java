package org.stormwatch.flink;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ids of the batches whose transaction committed, as the progress topic holds them (one record
 * per batch, key = {@link KafkaBatch#id()}), read with {@code read_committed}: a batch's progress
 * record is in the same transaction as its data, so an id here means its records are visible.
 *
 * <p>{@link #catchUp} reads the topic to its high watermark, not to the last stable offset: a
 * {@code read_committed} read stops before a transaction that is still open, and records committed
 * after it would be missed. Reaching the high watermark therefore waits until every transaction in
 * the topic has ended: the committer's own predecessor's was aborted by its {@code
 * initTransactions()} just before; a producer that no longer runs under any id (after the job was
 * rescaled down) has its transaction aborted by the broker after {@code transaction.timeout.ms} (60
 * s by default), which bounds the wait.
 *
 * <p>The topic is created when missing: one partition, {@code cleanup.policy=delete} with a
 * retention of {@link #RETENTION}. Every key is distinct, so compaction would keep everything; a
 * batch older than the retention is forgotten, which matters only when a job is restored from a
 * checkpoint or savepoint whose pending batches are older than that: they are written again (never
 * lost).
 */
final class CommitProgress implements AutoCloseable {
  static final Duration RETENTION = Duration.ofDays(7);
  private static final Duration POLL = Duration.ofMillis(200);

  private final String bootstrap;
  private final String topic;
  private final Set<String> done = new HashSet<>();
  private KafkaConsumer<byte[], byte[]> consumer;
  private List<TopicPartition> partitions;

  CommitProgress(String bootstrap, String topic) {
    this.bootstrap = bootstrap;
    this.topic = topic;
  }

  boolean contains(String batchId) {
    return done.contains(batchId);
  }

  /** Records a batch this instance committed itself. */
  void add(String batchId) {
    done.add(batchId);
  }

  int size() {
    return done.size();
  }

  /**
   * Reads what was committed since the last call (everything, on the first) up to the topic's
   * current high watermark.
   *
   * @throws TimeoutException when an open transaction keeps the end out of reach for {@code limit}
   */
  void catchUp(Duration limit) {
    Map<TopicPartition, Long> end;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      if (consumer == null) {
        create(admin);
      }
      start(limit);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      end = new HashMap<>();
      admin
          .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
          .all()
          .get()
          .forEach((tp, info) -> end.put(tp, info.offset()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof KafkaException k
          ? k
          : new KafkaException("progress topic " + topic + ": " + e.getCause(), e.getCause());
    }
    long deadline = System.nanoTime() + limit.toNanos();
    while (!end.isEmpty()) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
        if (r.key() != null) {
          done.add(new String(r.key(), StandardCharsets.UTF_8));
        }
      }
      end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
      if (!end.isEmpty() && System.nanoTime() > deadline) {
        throw new TimeoutException(
            "progress topic "
                + topic
                + " not read to its end within "
                + limit.toSeconds()
                + " s: a transaction is open there (it ends by transaction.timeout.ms)");
      }
    }
  }

  private void create(Admin admin) throws InterruptedException, ExecutionException {
    NewTopic t =
        new NewTopic(topic, Optional.of(1), Optional.empty())
            .configs(
                Map.of(
                    "cleanup.policy",
                    "delete",
                    "retention.ms",
                    Long.toString(RETENTION.toMillis())));
    try {
      admin.createTopics(List.of(t)).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }

  private void start(Duration limit) {
    if (consumer != null) {
      return;
    }
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", "false");
    p.put("auto.offset.reset", "earliest");
    KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    // a topic created a moment ago may not be in the metadata yet
    List<TopicPartition> parts = List.of();
    try {
      long deadline = System.nanoTime() + limit.toNanos();
      do {
        parts =
            c.partitionsFor(topic, limit).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition()))
                .toList();
      } while (parts.isEmpty() && System.nanoTime() < deadline && pause());
      if (parts.isEmpty()) {
        throw new TimeoutException("progress topic " + topic + " has no partitions");
      }
    } catch (KafkaException e) {
      c.close();
      throw e;
    }
    c.assign(parts);
    c.seekToBeginning(parts);
    consumer = c;
    partitions = parts;
  }

  private static boolean pause() {
    try {
      Thread.sleep(POLL.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  @Override
  public void close() {
    if (consumer != null) {
      consumer.close();
      consumer = null;
    }
  }
}

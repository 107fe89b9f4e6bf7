package org.stormwatch.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.stormwatch.core.codec.ProbeCodec;
import org.stormwatch.core.model.Probe;

/**
 * A real single-node KRaft Kafka broker in this JVM, from the Maven jars, for the server's and the
 * Flink job's tests: topics, probes published as the collector publishes them, committed records
 * read back, and the broker stopped and started again (the controller stays up).
 */
public final class LocalKafka implements AutoCloseable {
  /** One record as read back: its key as text (or null) and its value. */
  public record Rec(String key, byte[] value) {
    /** The value as UTF-8 text. */
    public String text() {
      return new String(value, StandardCharsets.UTF_8);
    }
  }

  private final KafkaClusterTestKit cluster;

  public LocalKafka() throws Exception {
    cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("transaction.state.log.num.partitions", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
  }

  public String bootstrap() {
    return cluster.bootstrapServers();
  }

  public void createTopic(String name, int partitions) throws Exception {
    try (Admin admin = cluster.admin()) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }
  }

  /** Publishes encoded probes round-robin over the partitions, each partition in time order. */
  public void publish(String topic, List<Probe> probes) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap());
    p.put("acks", "all");
    p.put("linger.ms", "20");
    p.put("batch.size", "262144");
    p.put("compression.type", "lz4");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (Probe probe : probes) {
        producer.send(new ProducerRecord<>(topic, ProbeCodec.encode(probe)));
      }
      producer.flush();
    }
  }

  /** Stops the broker (the controller stays up). */
  public void stopBroker() {
    cluster.brokers().values().forEach(b -> b.shutdown());
  }

  public void startBroker() throws Exception {
    cluster.brokers().values().forEach(b -> b.startup());
    cluster.waitForReadyBrokers();
  }

  /**
   * Every committed record of a topic, in partition then offset order.
   *
   * @throws AssertionError when the topic cannot be read to its end within 30 seconds
   */
  public List<Rec> readCommitted(String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap());
    p.put("isolation.level", "read_committed");
    List<Rec> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      consumer
          .partitionsFor(topic)
          .forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!caughtUp(consumer, end, parts)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end in 30 s");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(
              new Rec(
                  r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), r.value()));
        }
      }
    }
    return out;
  }

  private static boolean caughtUp(
      KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end, List<TopicPartition> parts) {
    for (TopicPartition tp : parts) {
      if (c.position(tp) < end.get(tp)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}

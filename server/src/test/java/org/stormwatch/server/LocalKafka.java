package org.stormwatch.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft Kafka broker in this JVM, from the Maven jars (as flink's tests run
 * one), that a test can stop and start again.
 */
final class LocalKafka implements AutoCloseable {
  /** One record as read back: its key as text and its value. */
  record Rec(String key, byte[] value) {}

  private final KafkaClusterTestKit cluster;

  LocalKafka() throws Exception {
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

  String bootstrap() {
    return cluster.bootstrapServers();
  }

  /** Stops the broker (the controller stays up). */
  void stopBroker() {
    cluster.brokers().values().forEach(b -> b.shutdown());
  }

  void startBroker() throws Exception {
    cluster.brokers().values().forEach(b -> b.startup());
    cluster.waitForReadyBrokers();
  }

  /** Every committed record of a topic, in partition then offset order. */
  List<Rec> readCommitted(String topic) {
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

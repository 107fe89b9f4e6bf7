package org.stormwatch.flink;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Prints the latest value of every key of a topic the job writes (alerts or port-report rows: each
 * new version of an alert or row replaces the previous under its key), reading committed records up
 * to the end the topic had when it started; for trying the job without other Kafka tools.
 *
 * <pre>
 * java -cp "stormwatch-flink.jar:$FLINK_HOME/lib/*" org.stormwatch.flink.ReadTopic BOOTSTRAP TOPIC
 * </pre>
 *
 * <p>Flink's jars (a distribution's {@code lib/}) give the logging API the jar leaves out.
 */
public final class ReadTopic {
  private static final Duration GIVE_UP = Duration.ofSeconds(60);

  private ReadTopic() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: ReadTopic BOOTSTRAP TOPIC");
      System.exit(2);
    }
    Properties p = new Properties();
    p.put("bootstrap.servers", args[0]);
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", "false");
    Map<String, String> latest = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(args[1], GIVE_UP).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(parts, GIVE_UP));
      long deadline = System.nanoTime() + GIVE_UP.toNanos();
      while (!end.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          latest.put(text(r.key()), text(r.value()));
        }
        end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
      }
      if (!end.isEmpty()) {
        System.err.println(
            "ReadTopic: " + args[1] + " not read to its end within " + GIVE_UP.toSeconds() + " s");
        System.exit(1);
      }
    } catch (TimeoutException e) {
      System.err.println("ReadTopic: " + args[0] + ": no answer: " + e.getMessage());
      System.exit(1);
    }
    latest.values().forEach(System.out::println);
    System.err.println(args[1] + ": " + latest.size() + " keys");
  }

  private static String text(byte[] b) {
    return b == null ? "" : new String(b, StandardCharsets.UTF_8);
  }
}

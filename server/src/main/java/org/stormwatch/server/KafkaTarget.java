package org.stormwatch.server;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where {@code serve --kafka} publishes accepted submissions.
 *
 * @param bootstrap the brokers, {@code HOST:PORT[,HOST:PORT...]}
 * @param topic the topic of encoded probes (one record per probe, docs/probe-encoding.md)
 * @param timeout how long a submission may wait for Kafka's acknowledgement before it is answered
 *     503; also the bound of every blocking Kafka call
 * @param transactionalId the producer's transactional id: one per serving process on a cluster (two
 *     processes with the same id fence each other)
 */
public record KafkaTarget(
    String bootstrap, String topic, Duration timeout, String transactionalId) {
  public static final String DEFAULT_TOPIC = "probes";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

  public KafkaTarget {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("--kafka: want HOST:PORT of a broker");
    }
    if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
      throw new IllegalArgumentException(
          "--kafka-topic: '" + topic + "' is no Kafka topic name (letters, digits, . _ -)");
    }
    if (timeout.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("--kafka-timeout must be at least 0.1 s: " + timeout);
    }
    if (transactionalId == null || transactionalId.isBlank()) {
      throw new IllegalArgumentException("--kafka-id must not be empty");
    }
  }

  /** The defaults: a timeout of 10 s and the transactional id {@code stormwatch-serve-TOPIC}. */
  public static KafkaTarget of(String bootstrap, String topic) {
    return new KafkaTarget(bootstrap, topic, DEFAULT_TIMEOUT, "stormwatch-serve-" + topic);
  }

  public KafkaTarget withTimeout(Duration t) {
    return new KafkaTarget(bootstrap, topic, t, transactionalId);
  }

  public KafkaTarget withTransactionalId(String id) {
    return new KafkaTarget(bootstrap, topic, timeout, id);
  }

  /** The topic of submission receipts, written in the same transactions as the probes. */
  public String receiptsTopic() {
    return topic + ".receipts";
  }
}

package org.stormwatch.flink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits {@link KafkaBatch}es, each in one Kafka transaction with its progress record, and skips a
 * batch whose progress record is already there. See {@link TransactionalKafkaSink} for why this is
 * exactly once.
 *
 * <p>The producer's transactional id is {@code PREFIX-TOPIC-SUBTASK}; its {@code
 * initTransactions()}, at start and after any failed commit, fences the previous holder of the id
 * and aborts its open transaction. After that, and before committing anything, the committer reads
 * the progress topic ({@link CommitProgress#catchUp}); afterwards it knows its own commits. A
 * failed transaction leaves its outcome unknown to the client (a commit that timed out may have
 * committed): the producer is closed, and the next attempt starts over with {@code
 * initTransactions()} (which completes or aborts that transaction) and reads the progress topic
 * again before deciding.
 *
 * <p>Errors: retriable ones (timeouts, a broker away, an abortable transaction) ask Flink to retry
 * the batch later ({@code sink.committer.retries} times, then the job fails and restarts); all
 * others (fenced by another producer with the same id, not authorized, a record too large) fail the
 * job with a message naming the topic and the batch.
 */
final class KafkaBatchCommitter implements Committer<KafkaBatch> {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaBatchCommitter.class);

  /** How long catching up may wait for open transactions: twice the producer's default timeout. */
  static final Duration CATCH_UP = Duration.ofMinutes(2);

  private final KafkaTransactions config;
  private final String transactionalId;
  private final CommitProgress progress;
  private KafkaProducer<byte[], byte[]> producer;
  private boolean caughtUp;

  /** Starts the producer at once, so that a failed predecessor's open transaction ends now. */
  KafkaBatchCommitter(KafkaTransactions config, String topic, int subtask) {
    this.config = config;
    this.transactionalId = config.transactionalIdPrefix() + "-" + topic + "-" + subtask;
    this.progress = new CommitProgress(config.bootstrap(), config.progressTopic());
    try {
      ready();
    } catch (KafkaException e) {
      if (!retriable(e)) {
        close();
        throw e;
      }
      // the first commit tries again
      LOG.warn("{}: Kafka not ready at start, will retry on commit: {}", transactionalId, e);
      stop();
    }
  }

  String transactionalId() {
    return transactionalId;
  }

  @Override
  public void commit(Collection<CommitRequest<KafkaBatch>> requests) throws IOException {
    // one checkpoint's batches; several of one writer only when restored checkpoints were merged
    List<CommitRequest<KafkaBatch>> ordered = new ArrayList<>(requests);
    ordered.sort(
        Comparator.comparingLong((CommitRequest<KafkaBatch> r) -> r.getCommittable().epoch())
            .thenComparingInt(r -> r.getCommittable().subtask())
            .thenComparingLong(r -> r.getCommittable().sequence()));
    for (CommitRequest<KafkaBatch> request : ordered) {
      commit(request);
    }
  }

  private void commit(CommitRequest<KafkaBatch> request) throws IOException {
    KafkaBatch b = request.getCommittable();
    if (b.records().isEmpty()) {
      request.signalAlreadyCommitted();
      return;
    }
    try {
      ready();
      if (progress.contains(b.id())) {
        LOG.info(
            "{}: batch {} to {} committed before, skipped", transactionalId, b.id(), b.topic());
        request.signalAlreadyCommitted();
        return;
      }
      producer.beginTransaction();
      for (KafkaBatch.Rec r : b.records()) {
        producer.send(new ProducerRecord<>(b.topic(), r.key(), r.value()));
      }
      producer.send(
          new ProducerRecord<>(
              config.progressTopic(),
              b.id().getBytes(StandardCharsets.UTF_8),
              (b.topic() + " " + b.records().size()).getBytes(StandardCharsets.UTF_8)));
      producer.commitTransaction();
      progress.add(b.id());
    } catch (InterruptException e) {
      stop();
      throw e;
    } catch (KafkaException e) {
      stop();
      if (!retriable(e)) {
        throw new IOException(
            "committing batch "
                + b.id()
                + " ("
                + b.records().size()
                + " records) to topic "
                + b.topic()
                + " failed: "
                + e,
            e);
      }
      LOG.warn(
          "{}: batch {} to {} not committed, retried later: {}",
          transactionalId,
          b.id(),
          b.topic(),
          e.toString());
      request.retryLater();
    }
  }

  /** A started producer, and the progress topic read since it started. */
  private void ready() {
    if (producer == null) {
      Properties p = new Properties();
      p.put("bootstrap.servers", config.bootstrap());
      p.put("transactional.id", transactionalId);
      p.put("enable.idempotence", "true");
      p.put("acks", "all");
      KafkaProducer<byte[], byte[]> started =
          new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
      try {
        started.initTransactions();
      } catch (KafkaException e) {
        started.close(Duration.ZERO);
        throw e;
      }
      producer = started;
      caughtUp = false;
    }
    if (!caughtUp) {
      progress.catchUp(CATCH_UP);
      caughtUp = true;
    }
  }

  private void stop() {
    stop(Duration.ZERO);
  }

  private void stop(Duration wait) {
    if (producer != null) {
      try {
        producer.close(wait);
      } catch (KafkaException e) {
        LOG.debug("{}: closing the producer: {}", transactionalId, e.toString());
      }
      producer = null;
    }
  }

  static boolean retriable(KafkaException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RetriableException || t instanceof TransactionAbortableException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    // nothing is in flight between commits; the wait only lets the close be orderly
    stop(Duration.ofSeconds(5));
    progress.close();
  }
}

package org.stormwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stormwatch.testsupport.LocalKafka;

/**
 * The exactly-once sink's parts against a real in-process broker: the committer writes a batch once
 * however often it is handed over, by the same instance, a new one, or another subtask's; a batch
 * left in an open transaction by a killed producer is invisible, and the next committer writes it
 * once; the writer cuts one batch per checkpoint; the committable's layout.
 */
class TransactionalKafkaSinkTest {
  private static LocalKafka kafka;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = new LocalKafka();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    kafka.close();
  }

  /** A commit request as Flink's committer operator hands it over, recording what it was told. */
  static final class Request implements CommitRequest<KafkaBatch> {
    private final KafkaBatch batch;
    String outcome = "committed";

    Request(KafkaBatch batch) {
      this.batch = batch;
    }

    @Override
    public KafkaBatch getCommittable() {
      return batch;
    }

    @Override
    public int getNumberOfRetries() {
      return 0;
    }

    @Override
    public void signalFailedWithKnownReason(Throwable t) {
      outcome = "failed: " + t;
    }

    @Override
    public void signalFailedWithUnknownReason(Throwable t) {
      outcome = "failed: " + t;
    }

    @Override
    public void retryLater() {
      outcome = "retry";
    }

    @Override
    public void updateAndRetryLater(KafkaBatch committable) {
      outcome = "retry";
    }

    @Override
    public void signalAlreadyCommitted() {
      outcome = "already";
    }
  }

  private static KafkaBatch batch(long epoch, int subtask, long seq, String topic, int n) {
    List<KafkaBatch.Rec> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(
          new KafkaBatch.Rec(
              ("k" + i).getBytes(StandardCharsets.UTF_8),
              (epoch + "/" + seq + "/" + i).getBytes(StandardCharsets.UTF_8)));
    }
    return new KafkaBatch(epoch, subtask, seq, topic, records);
  }

  private static String commit(KafkaBatchCommitter c, KafkaBatch b) throws IOException {
    Request r = new Request(b);
    Collection<CommitRequest<KafkaBatch>> requests = List.of(r);
    c.commit(requests);
    return r.outcome;
  }

  private static List<String> values(String topic) {
    return kafka.readCommitted(topic).stream().map(LocalKafka.Rec::text).toList();
  }

  @Test
  void sameBatchCommittedTwice_isWrittenOnce_byTheSameANewOrAnotherSubtasksCommitter()
      throws Exception {
    kafka.createTopic("eos-twice", 2);
    KafkaTransactions config =
        new KafkaTransactions(kafka.bootstrap(), "twice", "eos-twice-progress");
    KafkaBatch b = batch(0x5eedL, 0, 0, "eos-twice", 50);
    KafkaBatch next = batch(0x5eedL, 0, 1, "eos-twice", 7);
    try (KafkaBatchCommitter c = new KafkaBatchCommitter(config, "eos-twice", 0)) {
      assertThat(commit(c, b)).isEqualTo("committed");
      assertThat(commit(c, b)).as("the same instance again").isEqualTo("already");
    }
    try (KafkaBatchCommitter c = new KafkaBatchCommitter(config, "eos-twice", 0)) {
      assertThat(commit(c, b)).as("a new instance, as after a restore").isEqualTo("already");
      assertThat(commit(c, next)).isEqualTo("committed");
    }
    // after rescaling, another committer subtask may get the batch: the progress is not per subtask
    try (KafkaBatchCommitter c = new KafkaBatchCommitter(config, "eos-twice", 3)) {
      assertThat(commit(c, next)).isEqualTo("already");
      assertThat(commit(c, b)).isEqualTo("already");
    }
    List<String> written = values("eos-twice");
    assertThat(written).hasSize(57).doesNotHaveDuplicates();
    assertThat(values("eos-twice-progress"))
        .containsExactlyInAnyOrder("eos-twice 50", "eos-twice 7");
  }

  @Test
  void batchLeftInAnOpenTransactionByAKilledProducer_isInvisible_thenWrittenOnce()
      throws Exception {
    kafka.createTopic("eos-open", 1);
    KafkaTransactions config =
        new KafkaTransactions(kafka.bootstrap(), "open", "eos-open-progress");
    KafkaBatch b = batch(0xdeadL, 1, 4, "eos-open", 20);
    String id;
    try (KafkaBatchCommitter first = new KafkaBatchCommitter(config, "eos-open", 1)) {
      id = first.transactionalId();
      // creates the progress topic; an earlier batch is there before the crash
      assertThat(commit(first, batch(0xdeadL, 1, 3, "eos-open", 2))).isEqualTo("committed");
    }
    // the committer's producer, killed in the middle of committing b: records and progress record
    // sent, no commit, never closed
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrap());
    p.put("transactional.id", id);
    KafkaProducer<byte[], byte[]> killed =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    try {
      killed.initTransactions();
      killed.beginTransaction();
      for (KafkaBatch.Rec r : b.records()) {
        killed.send(new ProducerRecord<>("eos-open", r.key(), r.value()));
      }
      killed.send(
          new ProducerRecord<>(
              "eos-open-progress",
              b.id().getBytes(StandardCharsets.UTF_8),
              "eos-open 20".getBytes(StandardCharsets.UTF_8)));
      killed.flush();
      assertThat(values("eos-open")).as("read_committed, transaction open").hasSize(2);

      try (KafkaBatchCommitter restarted = new KafkaBatchCommitter(config, "eos-open", 1)) {
        assertThat(values("eos-open")).as("open transaction aborted at start").hasSize(2);
        assertThat(commit(restarted, b)).isEqualTo("committed");
        assertThat(commit(restarted, b)).isEqualTo("already");
      }
      assertThatThrownBy(killed::commitTransaction).isInstanceOf(ProducerFencedException.class);
    } finally {
      killed.close(java.time.Duration.ZERO);
    }
    List<String> written = values("eos-open");
    assertThat(written).hasSize(22).doesNotHaveDuplicates();
    assertThat(written.subList(2, 22))
        .isEqualTo(
            b.records().stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList());
  }

  @Test
  void emptyBatch_needsNoTransaction() throws Exception {
    KafkaTransactions config =
        new KafkaTransactions(kafka.bootstrap(), "empty", "eos-empty-progress");
    try (KafkaBatchCommitter c = new KafkaBatchCommitter(config, "eos-empty", 0)) {
      assertThat(commit(c, batch(1, 0, 0, "eos-empty", 0))).isEqualTo("already");
    }
    assertThat(values("eos-empty-progress")).isEmpty();
  }

  @Test
  void fatalError_failsWithTopicAndBatch() throws Exception {
    kafka.createTopic("eos-fatal", 1);
    KafkaTransactions config =
        new KafkaTransactions(kafka.bootstrap(), "fatal", "eos-fatal-progress");
    // larger than the producer's max.request.size (1 MiB): no retry can help
    byte[] big = new byte[2 << 20];
    KafkaBatch b =
        new KafkaBatch(0xfa7aL, 2, 9, "eos-fatal", List.of(new KafkaBatch.Rec(null, big)));
    try (KafkaBatchCommitter c = new KafkaBatchCommitter(config, "eos-fatal", 0)) {
      assertThatThrownBy(() -> commit(c, b))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("batch " + b.id())
          .hasMessageContaining("topic eos-fatal");
    }
    assertThat(values("eos-fatal")).isEmpty();
  }

  @Test
  void retriable_timeoutsAndAbortableTransactions_notFencingOrOversizedRecords() {
    assertThat(
            KafkaBatchCommitter.retriable(new org.apache.kafka.common.errors.TimeoutException("t")))
        .isTrue();
    assertThat(
            KafkaBatchCommitter.retriable(
                new org.apache.kafka.common.KafkaException(
                    "in an error state",
                    new org.apache.kafka.common.errors.NotEnoughReplicasException("n"))))
        .isTrue();
    assertThat(
            KafkaBatchCommitter.retriable(
                new org.apache.kafka.common.errors.TransactionAbortableException("a")))
        .isTrue();
    assertThat(KafkaBatchCommitter.retriable(new ProducerFencedException("f"))).isFalse();
    assertThat(
            KafkaBatchCommitter.retriable(
                new org.apache.kafka.common.KafkaException(
                    "send failed",
                    new org.apache.kafka.common.errors.RecordTooLargeException("r"))))
        .isFalse();
  }

  @Test
  void writer_cutsOneBatchPerCheckpoint_numberedFromZero_noneWhenEmpty() {
    var sink =
        new TransactionalKafkaSink<String>(
            "t",
            s -> new KafkaBatch.Rec(null, s.getBytes(StandardCharsets.UTF_8)),
            new KafkaTransactions("unused:9092", "w", "p"));
    TransactionalKafkaSink.Writer<String> w =
        new TransactionalKafkaSink.Writer<>(
            "t", s -> new KafkaBatch.Rec(null, s.getBytes(StandardCharsets.UTF_8)), 3, 42L);
    assertThat(w.prepareCommit()).isEmpty();
    w.write("a", null);
    w.write("b", null);
    List<KafkaBatch> first = List.copyOf(w.prepareCommit());
    assertThat(w.prepareCommit()).isEmpty();
    w.write("c", null);
    List<KafkaBatch> second = List.copyOf(w.prepareCommit());
    assertThat(first).hasSize(1);
    assertThat(first.get(0).id()).isEqualTo("2a/3/0");
    assertThat(first.get(0).records()).hasSize(2);
    assertThat(second.get(0).id()).isEqualTo("2a/3/1");
    assertThat(second.get(0).records()).hasSize(1);
    assertThat(sink.getCommittableSerializer().getVersion()).isEqualTo(1);
  }

  @Test
  void batchLayout_roundTrips_andRejectsEveryTruncation() throws IOException {
    KafkaBatch.Serializer s = new KafkaBatch.Serializer();
    KafkaBatch b =
        new KafkaBatch(
            -7L,
            5,
            123,
            "stormwatch-alerts",
            List.of(
                new KafkaBatch.Rec("k".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2}),
                new KafkaBatch.Rec(null, new byte[0]),
                new KafkaBatch.Rec(new byte[0], null)));
    byte[] bytes = s.serialize(b);
    KafkaBatch back = s.deserialize(1, bytes);
    assertThat(back.id()).isEqualTo(b.id());
    assertThat(back.topic()).isEqualTo("stormwatch-alerts");
    assertThat(back.records()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(back.records().get(i).key()).isEqualTo(b.records().get(i).key());
      assertThat(back.records().get(i).value()).isEqualTo(b.records().get(i).value());
    }
    for (int n = 0; n < bytes.length; n++) {
      byte[] cut = Arrays.copyOf(bytes, n);
      assertThatThrownBy(() -> s.deserialize(1, cut)).isInstanceOf(IOException.class);
    }
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> s.deserialize(1, longer)).hasMessageContaining("after the last");
    // a record count larger than the bytes could hold is refused before allocating
    byte[] count = bytes.clone();
    int at = 22 + "stormwatch-alerts".length();
    count[at] = 0x7f;
    assertThatThrownBy(() -> s.deserialize(1, count)).hasMessageContaining("record count");
    assertThatThrownBy(() -> s.deserialize(2, bytes)).hasMessageContaining("version 2");
  }
}

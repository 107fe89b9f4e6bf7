package org.stormwatch.flink;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Exactly-once output to a Kafka topic with kafka-clients' public transaction API only ({@code
 * initTransactions}, {@code beginTransaction}, {@code commitTransaction}): a record is visible to
 * {@code read_committed} consumers once, also across failures and restores.
 *
 * <p>Why not the connector's exactly-once {@code KafkaSink}: flink-connector-kafka 5.0.0-2.2 calls
 * {@code TransactionalRequestResult.await()}, which kafka-clients 4.3.1 removed, and kafka-clients
 * has no public way to resume a transaction prepared before a checkpoint (no KIP-939 {@code
 * prepareTransaction} in 4.3.1). So nothing is sent before the checkpoint completes:
 *
 * <ol>
 *   <li>The writer buffers each record's serialized key and value. At each checkpoint barrier
 *       ({@code prepareCommit}) it hands what it holds over as one {@link KafkaBatch} with the id
 *       (epoch, writer subtask, sequence); an empty buffer gives no batch. Flink stores the batch
 *       in the checkpoint.
 *   <li>When the checkpoint has completed, Flink calls the {@link KafkaBatchCommitter}, and again
 *       after a restore for the batches of the restored checkpoint not known to be done. The
 *       committer writes the batch's records and one progress record (key = the batch id) to the
 *       progress topic in one transaction, unless the progress topic already has that id.
 *   <li>Data and progress record commit or abort together, so a batch is visible exactly when its
 *       id is in the progress topic: the check makes a replayed commit write nothing.
 * </ol>
 *
 * <p>Batch ids are unique for ever because every writer instance (first start and every restore)
 * draws a fresh random 64-bit epoch and numbers its batches from 0; the writer keeps no state. The
 * cases:
 *
 * <ul>
 *   <li><b>Failure after a batch committed, restore from the checkpoint that holds it:</b> the
 *       batch is replayed to a committer, which finds its id and skips it. Records after that
 *       checkpoint were buffered only, never sent: the restored job makes them again, into batches
 *       with the new epoch.
 *   <li><b>Failure during a commit:</b> the transaction is left open. The restarted committer with
 *       the same transactional id aborts it ({@code initTransactions}), reads the progress topic
 *       (the id is absent) and commits the batch. A consumer reading {@code read_committed} never
 *       sees the aborted records.
 *   <li><b>Restore from an older checkpoint or savepoint</b> than the newest committed one: its
 *       pending batches are found in the progress topic and skipped; the job then re-makes the
 *       output after that checkpoint under a fresh epoch, so that output is written again. At worst
 *       a restore from an old savepoint repeats output; it never loses any. (Had the epoch been
 *       restored, new batches would reuse committed ids and be skipped: lost.) Batches older than
 *       the progress topic's retention ({@link CommitProgress#RETENTION}) are not recognised and
 *       written again.
 *   <li><b>Rescaling:</b> Flink may hand a batch of writer subtask i to any committer subtask. The
 *       progress is per batch, not per committer or per writer, and every committer reads all of
 *       it, so any committer skips a batch any other committed, in any order. Per-key "latest
 *       sequence" progress would not do: two committers may commit two batches of one writer in
 *       either order, and compaction keeps the last written, not the highest. A predecessor whose
 *       subtask no longer exists is not fenced by anyone; its open transaction (if any) is aborted
 *       by the broker after {@code transaction.timeout.ms} (60 s), and catching up waits for that.
 *       One thing is not kept across a rescale: the order of two batches of one writer held by two
 *       committers (a restored checkpoint holds two batches of a writer only when a checkpoint's
 *       completion was not acted on before the next one); both are written once, but a reader
 *       keeping the latest value per key may then end on the older version of a key.
 *   <li><b>Bounded input:</b> the last batch is cut at the end of input and committed by the final
 *       checkpoint, which Flink takes before the job finishes.
 * </ul>
 *
 * <p>Costs: output appears when a checkpoint completes (latency up to one checkpoint interval plus
 * the commit); a checkpoint carries the serialized output of its interval (the records and their
 * lengths, 8 bytes a record); one progress record per non-empty batch; the writer's buffer holds
 * one interval's output in memory.
 */
final class TransactionalKafkaSink<T> implements Sink<T>, SupportsCommitter<KafkaBatch> {
  private static final long serialVersionUID = 1L;
  private static final SecureRandom EPOCHS = new SecureRandom();

  private final String topic;
  private final SerializableFunction<T, KafkaBatch.Rec> serializer;
  private final KafkaTransactions config;

  TransactionalKafkaSink(
      String topic, SerializableFunction<T, KafkaBatch.Rec> serializer, KafkaTransactions config) {
    this.topic = topic;
    this.serializer = serializer;
    this.config = config;
  }

  @Override
  public Writer<T> createWriter(WriterInitContext context) {
    return new Writer<>(
        topic, serializer, context.getTaskInfo().getIndexOfThisSubtask(), EPOCHS.nextLong());
  }

  @Override
  public Committer<KafkaBatch> createCommitter(CommitterInitContext context) {
    return new KafkaBatchCommitter(config, topic, context.getTaskInfo().getIndexOfThisSubtask());
  }

  @Override
  public SimpleVersionedSerializer<KafkaBatch> getCommittableSerializer() {
    return new KafkaBatch.Serializer();
  }

  /** Buffers serialized records and cuts them into one batch per checkpoint. */
  static final class Writer<T> implements CommittingSinkWriter<T, KafkaBatch> {
    private final String topic;
    private final SerializableFunction<T, KafkaBatch.Rec> serializer;
    private final int subtask;
    private final long epoch;
    private long sequence;
    private List<KafkaBatch.Rec> records = new ArrayList<>();

    Writer(
        String topic, SerializableFunction<T, KafkaBatch.Rec> serializer, int subtask, long epoch) {
      this.topic = topic;
      this.serializer = serializer;
      this.subtask = subtask;
      this.epoch = epoch;
    }

    @Override
    public void write(T element, Context context) {
      records.add(serializer.apply(element));
    }

    /** Nothing to do: records leave with the batch at the checkpoint. */
    @Override
    public void flush(boolean endOfInput) {}

    @Override
    public Collection<KafkaBatch> prepareCommit() {
      if (records.isEmpty()) {
        return List.of();
      }
      KafkaBatch b = new KafkaBatch(epoch, subtask, sequence++, topic, records);
      records = new ArrayList<>();
      return List.of(b);
    }

    @Override
    public void close() {}
  }
}

package org.stormwatch.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stormwatch.core.codec.ProbeCodec;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.model.Probe;
import org.stormwatch.store.Receipt;

/**
 * Submissions onto a Kafka topic ({@code serve --kafka}): each probe encoded with {@link
 * ProbeCodec}, tagged with its sensor, handed to the {@link KafkaPublisher} once the whole body is
 * read (a body that fails half-way publishes nothing).
 */
final class KafkaSink implements SubmissionSink {
  private final KafkaTarget target;
  private final KafkaPublisher publisher;

  KafkaSink(KafkaTarget target, KafkaPublisher publisher) {
    this.target = target;
    this.publisher = publisher;
  }

  @Override
  public Optional<Receipt> previous(String key) {
    return publisher
        .receipts()
        .get(key)
        .map(
            r ->
                new Receipt(
                    r.id(), r.key(), r.sensor(), r.storedAt(), r.probes(), r.rejected(), true));
  }

  @Override
  public Pending begin(String sensor, String key) {
    List<byte[]> records = new ArrayList<>();
    return new Pending() {
      @Override
      public void accept(Probe p) {
        records.add(ProbeCodec.encode(p.sensor().equals(sensor) ? p : p.withSensor(sensor)));
      }

      @Override
      public Receipt commit(ReadStats stats) throws Unavailable {
        return publisher.publish(
            new KafkaPublisher.Job(key, sensor, records, SubmissionSink.rejected(stats)));
      }
    };
  }

  @Override
  public String takenOutcome() {
    return "published";
  }

  @Override
  public Map<String, Object> health() {
    String failing = publisher.failing();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ok", failing == null);
    out.put("submissions_to", "kafka");
    out.put("bootstrap", target.bootstrap());
    out.put("topic", target.topic());
    out.put("receipts_topic", target.receiptsTopic());
    out.put("probes_published", publisher.published());
    out.put("transactions", publisher.transactions());
    out.put("failed_transactions", publisher.failedTransactions());
    out.put("receipts_known", publisher.receipts().size());
    if (failing != null) {
      out.put("failing", failing);
    }
    return out;
  }

  @Override
  public boolean keepsHistory() {
    return false;
  }

  @Override
  public void close() {
    publisher.close();
  }
}

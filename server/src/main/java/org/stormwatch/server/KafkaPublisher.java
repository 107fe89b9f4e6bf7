package org.stormwatch.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stormwatch.store.Receipt;

/**
 * Publishes submissions to Kafka exactly once per submission key, answering each only after Kafka
 * has acknowledged it.
 *
 * <p>How: one thread owns a transactional (hence idempotent, acks=all) producer. Submissions queue
 * up; the thread takes whatever is queued (up to {@value #MAX_GROUP_PROBES} probes), drops those
 * whose key the {@link ReceiptLog} already holds, and publishes the rest in one transaction: every
 * probe as one record (value: {@code ProbeCodec}; key: the submission key, so a submission stays in
 * one partition in order), plus one receipt per submission on the receipts topic. Only after {@code
 * commitTransaction} returns are the submissions answered. Consumers reading with {@code
 * isolation.level=read_committed} (the Flink job does) see a submission's probes all or none, and
 * once: a retry finds the key in the receipts and publishes nothing.
 *
 * <p>When a transaction fails (broker down, timeout, fenced), whether it committed is unknown. The
 * thread then drops the producer and makes a new one with the same transactional id: {@code
 * initTransactions} settles the old transaction (completes or aborts it), and reading the receipts
 * topic to its end then tells which submissions were published. Those are answered as published;
 * the others are answered 503 and were not published. Should Kafka stay away even for that, the
 * outcome stays unknown and the answer says so: the client must send again with the same key, and
 * the receipts will tell the next transaction. A submission that waits {@code timeout} without
 * being taken into a transaction is withdrawn (503, nothing published).
 */
final class KafkaPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);
  static final int MAX_GROUP_PROBES = 200_000;
  private static final Duration RECEIPT_RETENTION = Duration.ofDays(7);
  private static final Duration START_TIME = Duration.ofSeconds(30);
  private static final int OPEN = 0;
  private static final int TAKEN = 1;
  private static final int WITHDRAWN = 2;

  /** One submission on its way. */
  static final class Job {
    final String key;
    final String sensor;
    final List<byte[]> records;
    final Map<String, Long> rejected;
    final CompletableFuture<Receipt> done = new CompletableFuture<>();
    final AtomicInteger state = new AtomicInteger(OPEN);

    Job(String key, String sensor, List<byte[]> records, Map<String, Long> rejected) {
      this.key = key;
      this.sensor = sensor;
      this.records = records;
      this.rejected = Map.copyOf(rejected);
    }
  }

  private final KafkaTarget target;
  private final ReceiptLog receipts;
  private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "stormwatch-kafka-watchdog");
            t.setDaemon(true);
            return t;
          });
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong failedTransactions = new AtomicLong();
  private volatile boolean running = true;
  private volatile String failing;
  private KafkaProducer<byte[], byte[]> producer; // the publisher thread's, once started

  private KafkaPublisher(KafkaTarget target, ReceiptLog receipts, KafkaProducer<byte[], byte[]> p) {
    this.target = target;
    this.receipts = receipts;
    this.producer = p;
    this.thread = new Thread(this::run, "stormwatch-kafka-publisher");
    this.thread.setDaemon(true);
  }

  /**
   * Connects: makes the two topics when missing, starts the producer's transactions and reads the
   * receipts.
   *
   * @throws SubmissionSink.Unavailable when Kafka does not answer within the timeout
   */
  static KafkaPublisher start(KafkaTarget target) throws SubmissionSink.Unavailable {
    ReceiptLog receipts = null;
    KafkaProducer<byte[], byte[]> p = null;
    try {
      ensureTopics(target);
      receipts = new ReceiptLog(target);
      p = newProducer(target);
      initAtStart(p, target);
      receipts.catchUp(target.timeout());
    } catch (RuntimeException e) {
      if (p != null) {
        p.close(Duration.ZERO);
      }
      if (receipts != null) {
        receipts.close();
      }
      throw new SubmissionSink.Unavailable(
          "cannot use Kafka at " + target.bootstrap() + ": " + oneLine(e));
    }
    KafkaPublisher k = new KafkaPublisher(target, receipts, p);
    k.thread.start();
    LOG.info(
        "publishing submissions to {} on {} ({} receipts known)",
        target.topic(),
        target.bootstrap(),
        receipts.size());
    return k;
  }

  /**
   * A cluster's first transactional producer waits for the broker to make its transaction log,
   * which can take longer than a submission may wait: at start, initTransactions is tried again (as
   * its contract allows after a timeout) for up to {@link #START_TIME}.
   */
  private static void initAtStart(KafkaProducer<byte[], byte[]> p, KafkaTarget target) {
    long deadline = System.nanoTime() + Math.max(START_TIME.toNanos(), target.timeout().toNanos());
    while (true) {
      try {
        p.initTransactions();
        return;
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  private static void ensureTopics(KafkaTarget target) {
    Properties p = new Properties();
    p.put("bootstrap.servers", target.bootstrap());
    p.put("request.timeout.ms", Long.toString(target.timeout().toMillis()));
    p.put("default.api.timeout.ms", Long.toString(target.timeout().toMillis()));
    try (Admin admin = Admin.create(p)) {
      Set<String> have = admin.listTopics().names().get(timeoutMs(target), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      if (!have.contains(target.topic())) {
        missing.add(new NewTopic(target.topic(), Optional.empty(), Optional.empty()));
      }
      if (!have.contains(target.receiptsTopic())) {
        missing.add(
            new NewTopic(target.receiptsTopic(), Optional.of(1), Optional.empty())
                .configs(
                    Map.of(
                        "cleanup.policy",
                        "delete",
                        "retention.ms",
                        Long.toString(RECEIPT_RETENTION.toMillis()))));
      }
      for (NewTopic t : missing) {
        try {
          admin.createTopics(List.of(t)).all().get(timeoutMs(target), TimeUnit.MILLISECONDS);
          LOG.info("made topic {}", t.name());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new KafkaException("cannot make topic " + t.name() + ": " + oneLine(e), e);
          }
        }
      }
    } catch (ExecutionException e) {
      throw new KafkaException(oneLine(e), e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new KafkaException("no answer within " + target.timeout().toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted", e);
    }
  }

  private static KafkaProducer<byte[], byte[]> newProducer(KafkaTarget target) {
    long t = timeoutMs(target);
    Properties p = new Properties();
    p.put("bootstrap.servers", target.bootstrap());
    p.put("client.id", target.transactionalId());
    p.put("transactional.id", target.transactionalId());
    p.put("enable.idempotence", "true");
    p.put("acks", "all");
    p.put("linger.ms", "5");
    p.put("batch.size", "262144");
    p.put("compression.type", "lz4");
    // Every blocking call (send on missing metadata, initTransactions, commitTransaction) and every
    // record's delivery is bounded by the timeout.
    p.put("max.block.ms", Long.toString(t));
    p.put("request.timeout.ms", Long.toString(t));
    p.put("delivery.timeout.ms", Long.toString(t + 5));
    // The broker aborts a transaction this process left open (e.g. it was killed) after this long.
    p.put("transaction.timeout.ms", Long.toString(Math.max(60_000, 4 * t)));
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static long timeoutMs(KafkaTarget target) {
    return target.timeout().toMillis();
  }

  ReceiptLog receipts() {
    return receipts;
  }

  /** Why the last transaction failed, or null when it succeeded. */
  String failing() {
    return failing;
  }

  long published() {
    return published.get();
  }

  long transactions() {
    return transactions.get();
  }

  long failedTransactions() {
    return failedTransactions.get();
  }

  /**
   * Publishes one submission and waits for Kafka's acknowledgement.
   *
   * @return its receipt, or the earlier one (marked duplicate) when the key was published before
   * @throws SubmissionSink.Unavailable when Kafka did not acknowledge it in time; the message says
   *     whether it was published (no) or that this is unknown
   */
  Receipt publish(Job job) throws SubmissionSink.Unavailable {
    if (!running) {
      throw new SubmissionSink.Unavailable("the server is stopping");
    }
    queue.add(job);
    long t = timeoutMs(target);
    try {
      try {
        return job.done.get(t, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        if (job.state.compareAndSet(OPEN, WITHDRAWN)) {
          String why = failing;
          if (why == null) {
            failing = "submissions waited over " + t + " ms (since " + Instant.now() + ")";
          }
          throw new SubmissionSink.Unavailable(
              "Kafka did not take the submission within "
                  + t
                  + " ms, nothing was published"
                  + (why == null ? "" : ": " + why));
        }
      }
      // In a transaction already: its outcome comes within the producer's own timeouts.
      try {
        return job.done.get(4 * t, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new SubmissionSink.Unavailable(unknown("no answer from the publisher"));
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SubmissionSink.Unavailable u) {
        throw u;
      }
      throw new IllegalStateException("publisher failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SubmissionSink.Unavailable(unknown("interrupted"));
    }
  }

  private static String unknown(String why) {
    return "Kafka has not acknowledged the submission ("
        + why
        + "); it may yet be published: send it again with the same Idempotency-Key (or body),"
        + " it will count once";
  }

  private void run() {
    while (running || !queue.isEmpty()) {
      Job first;
      try {
        first = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
        continue;
      }
      if (first == null) {
        continue;
      }
      List<Job> group = new ArrayList<>();
      long probes = take(first, group, 0);
      Job next;
      while ((next = queue.peek()) != null
          && probes + next.records.size() <= MAX_GROUP_PROBES
          && queue.remove(next)) {
        probes = take(next, group, probes);
      }
      if (!group.isEmpty()) {
        if (running) {
          try {
            publishGroup(group);
          } catch (RuntimeException e) {
            // A bug must cost this group, not the publisher: answer what is unanswered.
            LOG.error("publishing failed", e);
            closeProducer();
            group.forEach(
                j ->
                    j.done.completeExceptionally(
                        new SubmissionSink.Unavailable(unknown(e.toString()))));
          }
        } else {
          group.forEach(
              j ->
                  j.done.completeExceptionally(
                      new SubmissionSink.Unavailable("the server is stopping, nothing published")));
        }
      }
    }
  }

  /** Adds the job to the group unless its client has given up waiting. */
  private static long take(Job j, List<Job> group, long probes) {
    if (j.state.compareAndSet(OPEN, TAKEN)) {
      group.add(j);
      return probes + j.records.size();
    }
    return probes;
  }

  private void publishGroup(List<Job> group) {
    if (producer == null) {
      // After a failure: settle it before looking up keys, or a retry of a submission whose
      // transaction did commit would be published again.
      try {
        reconnect();
      } catch (RuntimeException e) {
        failedTransactions.incrementAndGet();
        String why = oneLine(e);
        failing = why + " (since " + Instant.now() + ")";
        group.forEach(
            j ->
                j.done.completeExceptionally(
                    new SubmissionSink.Unavailable(
                        "Kafka is unreachable, nothing was published: " + why)));
        return;
      }
    }
    Map<String, Job> firsts = new HashMap<>();
    List<Job> fresh = new ArrayList<>();
    for (Job j : group) {
      Optional<Receipt> before = receipts.get(j.key);
      Job first = firsts.get(j.key);
      if (before.isPresent()) {
        j.done.complete(asDuplicate(before.get()));
      } else if (first != null) {
        // The same key twice in one group (a client retrying while the first is on its way):
        // published once, the second answered as its duplicate.
        var unused =
            first.done.whenComplete(
                (r, e) -> {
                  if (r != null) {
                    j.done.complete(asDuplicate(r));
                  } else {
                    j.done.completeExceptionally(e);
                  }
                });
      } else {
        firsts.put(j.key, j);
        fresh.add(j);
      }
    }
    try {
      if (!fresh.isEmpty()) {
        transaction(fresh);
      }
      failing = null;
    } catch (RuntimeException | ExecutionException e) {
      // KafkaException, and IllegalStateException from a producer the watchdog closed
      failedTransactions.incrementAndGet();
      String why = oneLine(e);
      failing = why + " (since " + Instant.now() + ")";
      LOG.warn("publishing {} submissions failed: {}", fresh.size(), why);
      settle(fresh, why);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      settle(fresh, "interrupted");
    }
  }

  // A probe's send future is not kept: a failed send fails commitTransaction.
  @SuppressWarnings("FutureReturnValueIgnored")
  private void transaction(List<Job> fresh) throws ExecutionException, InterruptedException {
    Instant now = Instant.now();
    List<Future<RecordMetadata>> acks = new ArrayList<>(fresh.size());
    // The producer's own bounds (max.block.ms) do not cover every wait: seen with the broker shut
    // down, send() waited for metadata until the producer was closed. So a transaction that takes
    // longer than twice the timeout is cut off by closing its producer, which ends every wait.
    KafkaProducer<byte[], byte[]> p = producer;
    ScheduledFuture<?> guard =
        watchdog.schedule(
            () -> {
              LOG.warn(
                  "a transaction took over {} ms: closing its producer", 2 * timeoutMs(target));
              p.close(Duration.ZERO);
            },
            2 * timeoutMs(target),
            TimeUnit.MILLISECONDS);
    try {
      send(fresh, now, acks);
    } finally {
      guard.cancel(false);
    }
    transactions.incrementAndGet();
    for (int i = 0; i < fresh.size(); i++) {
      Job j = fresh.get(i);
      Receipt r =
          new Receipt(
              acks.get(i).get().offset(),
              j.key,
              j.sensor,
              now,
              j.records.size(),
              j.rejected,
              false);
      receipts.put(r);
      published.addAndGet(j.records.size());
      j.done.complete(r);
    }
  }

  @SuppressWarnings("FutureReturnValueIgnored")
  private void send(List<Job> fresh, Instant now, List<Future<RecordMetadata>> acks) {
    producer.beginTransaction();
    for (Job j : fresh) {
      byte[] key = j.key.getBytes(StandardCharsets.UTF_8);
      for (byte[] value : j.records) {
        producer.send(new ProducerRecord<>(target.topic(), key, value));
      }
      acks.add(
          producer.send(
              new ProducerRecord<>(
                  target.receiptsTopic(),
                  key,
                  ReceiptLog.encode(j.sensor, now, j.records.size(), j.rejected))));
    }
    producer.commitTransaction();
  }

  /**
   * After a failed transaction: a new producer settles it, the receipts tell what was published;
   * what was is answered as published, the rest as not. If Kafka is still away, unknown.
   */
  private void settle(List<Job> fresh, String why) {
    closeProducer();
    boolean settled;
    try {
      reconnect();
      settled = true;
    } catch (RuntimeException e) {
      LOG.warn("cannot settle the failed transaction yet: {}", oneLine(e));
      settled = false;
    }
    for (Job j : fresh) {
      Optional<Receipt> r = settled ? receipts.get(j.key) : Optional.empty();
      if (r.isPresent()) {
        published.addAndGet(j.records.size());
        j.done.complete(r.get());
      } else if (settled) {
        j.done.completeExceptionally(
            new SubmissionSink.Unavailable(
                "Kafka did not acknowledge the submission, nothing was published: " + why));
      } else {
        j.done.completeExceptionally(new SubmissionSink.Unavailable(unknown(why)));
      }
    }
  }

  /** A new producer: initTransactions settles any transaction of the old one; then the receipts. */
  private void reconnect() {
    closeProducer();
    KafkaProducer<byte[], byte[]> p = newProducer(target);
    try {
      p.initTransactions();
      receipts.catchUp(target.timeout());
    } catch (RuntimeException e) {
      p.close(Duration.ZERO);
      throw e;
    }
    producer = p;
  }

  private void closeProducer() {
    if (producer != null) {
      producer.close(Duration.ZERO);
      producer = null;
    }
  }

  private static Receipt asDuplicate(Receipt r) {
    return new Receipt(r.id(), r.key(), r.sensor(), r.storedAt(), r.probes(), r.rejected(), true);
  }

  /** The first line of an exception's message, and of its cause's where that says more. */
  static String oneLine(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException || t.getMessage() == null) && t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(3 * timeoutMs(target) + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Job j;
    while ((j = queue.poll()) != null) {
      j.done.completeExceptionally(new SubmissionSink.Unavailable("the server is stopping"));
    }
    if (producer != null) {
      producer.close(Duration.ofMillis(timeoutMs(target)));
      producer = null;
    }
    receipts.close();
    watchdog.shutdownNow();
  }
}

package org.stormwatch.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.detect.FeatureHistograms;
import org.stormwatch.core.detect.Reach;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.ProbeSink;
import org.stormwatch.core.model.Protocol;

/**
 * Stormwatch's history: what sensors submitted, kept per port and hour, per source and day, as
 * compressed probes for drill-down, and the alerts found in it. Open with {@link
 * #open(StoreLocation)}; safe for use by many threads.
 *
 * <p>Writing: {@link #begin} a {@link Batch}, feed it probes, {@link Batch#commit} it. A commit is
 * one transaction, so a submission is stored whole or not at all, and its key makes it count once
 * however often it is retried. Writers are serialized (see {@link Database}); readers are not.
 *
 * <p>What is kept, per commit: port activity per (port, protocol, hour): records and the distinct
 * sources and targets as mergeable counters (exact to 4096 distinct, then HyperLogLog within ±1.6%
 * at 95%; see core's {@code DistinctCounter}); the feature histograms of the same cells; per
 * (source, day) records, distinct targets and (port, protocol) pairs, first and last seen and the
 * sensors; the probes themselves in compressed chunks per (port, protocol, day), deleted after the
 * retention by {@link #prune}; the sensors; and the submission with its rejects by reason.
 */
public final class History implements AutoCloseable {
  /** How long stored probes are kept for drill-down when no retention is given. */
  public static final int DEFAULT_RETENTION_DAYS = 90;

  private static final System.Logger LOG = System.getLogger(History.class.getName());
  private static final int MAX_KEY = 256;
  private static final int MAX_SENSOR = 64;

  /** Probes per group commit at most (a larger single submission is committed alone). */
  private static final int GROUP_PROBES = 200_000;

  private final Database db;
  private final int retentionDays;
  private final java.util.ArrayDeque<Pending> queue = new java.util.ArrayDeque<>();
  // Fair, so that queued submitters lead in turn and none waits behind newcomers.
  private final java.util.concurrent.locks.ReentrantLock leader =
      new java.util.concurrent.locks.ReentrantLock(true);

  private History(Database db, int retentionDays) {
    this.db = db;
    this.retentionDays = retentionDays;
  }

  /**
   * Opens (creating or migrating) the store, keeping probes {@value #DEFAULT_RETENTION_DAYS} days.
   */
  public static History open(StoreLocation location) {
    return open(location, DEFAULT_RETENTION_DAYS);
  }

  /**
   * Opens the store, creating the database and applying migrations as needed.
   *
   * @param retentionDays how many days {@link #prune} keeps stored probes (1 or more)
   * @throws StoreException when the database cannot be opened, or its schema is newer than this
   *     code
   */
  public static History open(StoreLocation location, int retentionDays) {
    if (retentionDays < 1) {
      throw new IllegalArgumentException("retention must be 1 day or more, not " + retentionDays);
    }
    Database db = Database.open(location);
    try {
      Migrations.apply(db);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return new History(db, retentionDays);
  }

  public StoreLocation location() {
    return db.location();
  }

  public int retentionDays() {
    return retentionDays;
  }

  /** The schema version of the database. */
  public int schemaVersion() {
    return db.read(Migrations::current);
  }

  // ------------------------------------------------------------------------------------ writing

  /**
   * Starts a submission.
   *
   * @param sensor the sensor's name: 1 to 64 characters, no control characters
   * @param submissionKey what makes the submission count once (an idempotency key, a file's hash):
   *     1 to 256 characters
   */
  public Batch begin(String sensor, String submissionKey) {
    if (sensor == null || sensor.isEmpty() || sensor.length() > MAX_SENSOR || hasControl(sensor)) {
      throw new IllegalArgumentException(
          "sensor name must be 1 to " + MAX_SENSOR + " characters without control characters");
    }
    if (submissionKey == null || submissionKey.isEmpty() || submissionKey.length() > MAX_KEY) {
      throw new IllegalArgumentException("submission key must be 1 to " + MAX_KEY + " characters");
    }
    return new Batch(this, sensor, submissionKey);
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(Character::isISOControl);
  }

  /**
   * Group commit: a caller queues its submission and then waits for the leader lock; whoever holds
   * it stores everything queued by then (up to {@value #GROUP_PROBES} probes, and always at least
   * its own) in one transaction, so that concurrent submitters share a commit's fixed cost
   * (statements, joins against the stored rows, the log flush) instead of paying it one after the
   * other. Each submission is still atomic and counts once (see {@link CommitWriter#commitAll});
   * its caller returns only after the transaction holding it committed. When a group fails, its
   * submissions are committed one by one, so that one bad submission fails alone.
   */
  Receipt commit(Batch batch, List<Probe> probes, Map<String, Long> rejected) {
    Pending me =
        new Pending(new CommitWriter.Submission(batch.key(), batch.sensor(), probes, rejected));
    synchronized (queue) {
      queue.add(me);
    }
    leader.lock();
    try {
      while (!me.done) {
        List<Pending> group = new ArrayList<>();
        long size = 0;
        synchronized (queue) {
          while (!queue.isEmpty()
              && (group.isEmpty()
                  || size + queue.peek().submission.probes().size() <= GROUP_PROBES)) {
            Pending p = queue.poll();
            size += p.submission.probes().size();
            group.add(p);
          }
        }
        commitGroup(group);
      }
    } finally {
      leader.unlock();
    }
    if (me.failure != null) {
      throw me.failure;
    }
    return me.receipt;
  }

  private void commitGroup(List<Pending> group) {
    try {
      commitGroupOnce(group);
    } finally {
      // An Error thrown above: its waiters learn that nothing of theirs is known to be stored.
      for (Pending p : group) {
        if (!p.done) {
          p.finish(null, new StoreException(db.location() + ": the commit failed"));
        }
      }
    }
  }

  private void commitGroupOnce(List<Pending> group) {
    Instant now = now();
    if (group.size() > 1) {
      List<CommitWriter.Submission> subs = new ArrayList<>();
      for (Pending p : group) {
        subs.add(p.submission);
      }
      try {
        List<Receipt> receipts =
            db.write(c -> new CommitWriter(c, db.dialect(), db.statements(c)).commitAll(subs, now));
        for (int i = 0; i < group.size(); i++) {
          group.get(i).finish(receipts.get(i), null);
        }
        return;
      } catch (RuntimeException e) {
        // Nothing of the group was stored: each submission is tried alone below.
        LOG.log(
            System.Logger.Level.WARNING,
            "group commit of {0} submissions failed, committing them one by one: {1}",
            group.size(),
            e.getMessage());
      }
    }
    for (Pending p : group) {
      try {
        p.finish(
            db.write(
                c ->
                    new CommitWriter(c, db.dialect(), db.statements(c))
                        .commitAll(List.of(p.submission), now)
                        .get(0)),
            null);
      } catch (RuntimeException e) {
        p.finish(null, e);
      }
    }
  }

  /** A queued submission and, once its group committed or failed, what came of it. */
  private static final class Pending {
    final CommitWriter.Submission submission;
    boolean done;
    Receipt receipt;
    RuntimeException failure;

    Pending(CommitWriter.Submission submission) {
      this.submission = submission;
    }

    void finish(Receipt r, RuntimeException e) {
      receipt = r;
      failure = e;
      done = true;
    }
  }

  private static Instant now() {
    return Instant.ofEpochMilli(System.currentTimeMillis());
  }

  /**
   * Stores port-activity cells computed elsewhere (the Flink job's hourly cells), in one
   * transaction: each replaces its (hour, port, protocol) row and feature histograms whole, so that
   * re-sending a cell (a replay after a restart) stores it once; of several cells with one key in
   * the list, the last counts. Meant for a store fed by one such writer; it does not merge with
   * probes ingested into the same cells.
   *
   * @throws IllegalArgumentException when a cell does not start on an hour, or has a bad port or
   *     record count
   * @throws StoreException when a cell's distinct counter cannot be read, or the write fails
   */
  public void putCells(List<ActivityCell> cells) {
    List<ActivityCell> latest = CellUpserts.check(cells);
    if (latest.isEmpty()) {
      return;
    }
    db.write(
        c -> {
          CellUpserts.write(c, db.dialect(), db.statements(c), latest);
          return null;
        });
  }

  /** The receipt of a stored submission. */
  public Optional<Receipt> submission(String key) {
    return Optional.ofNullable(db.read(c -> Submissions.find(c, key)));
  }

  /** The receipts whose key starts with the prefix, in the order they were stored. */
  public List<Receipt> submissionsWithKeyPrefix(String prefix) {
    return db.read(c -> Submissions.withPrefix(c, prefix));
  }

  /** How many submissions are stored. */
  public long submissions() {
    return db.read(Submissions::count);
  }

  /**
   * Deletes the stored probes of days that ended more than the retention before {@code now}; the
   * counts (port activity, features, sources) stay.
   *
   * @return the probe chunks deleted
   */
  public int prune(Instant now) {
    long today = BucketSize.DAY.startOf(now.getEpochSecond() * 1_000_000_000L);
    long oldestKept = today - (long) retentionDays * BucketSize.DAY.seconds();
    return db.write(
        c -> {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM probe_chunks WHERE day < ?")) {
            s.setLong(1, oldestKept);
            return s.executeUpdate();
          }
        });
  }

  // ------------------------------------------------------------------------------------ reading

  /**
   * Port activity rows, ordered as core's {@code PortActivityAggregator} orders them: by bucket,
   * then records (most first), port and protocol. Sources and targets are exact below 4096 distinct
   * addresses, HyperLogLog estimates (±1.6% at 95%) above, and never above the records.
   */
  public List<PortActivity> portActivity(PortQuery query) {
    return db.read(c -> PortActivityReads.rows(c, query));
  }

  /**
   * The {@code n} (port, protocol) pairs with the most records in the hours starting in {@code
   * [from, to)}, most first (ties by port, protocol), with distinct sources and targets over the
   * whole range.
   */
  public List<TopPort> topPorts(Instant from, Instant to, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be 0 or more, not " + n);
    }
    return db.read(c -> PortActivityReads.top(c, from, to, n));
  }

  /**
   * One port's records and distinct sources and targets over the hours starting in {@code [from,
   * to)}, the hours' counters merged (a surge's reach): exact below 4096 distinct addresses,
   * HyperLogLog estimates (±1.6% at 95%) above.
   */
  public TopPort reach(int port, Protocol protocol, Instant from, Instant to) {
    if (protocol == null || from == null || to == null) {
      throw new IllegalArgumentException("protocol, from and to are required");
    }
    return db.read(c -> PortActivityReads.reach(c, port, protocol, from, to));
  }

  /**
   * The alerts with their reach: distinct sources and targets from the onset to the end of the last
   * bucket ({@link #reach}); the scanners among them stay unknown, as history keeps no contacts.
   */
  public List<Alert> withReach(List<Alert> alerts, BucketSize bucket) {
    List<Alert> out = new ArrayList<>(alerts.size());
    for (Alert a : alerts) {
      TopPort r = reach(a.port(), a.protocol(), a.onset(), a.last().plusSeconds(bucket.seconds()));
      out.add(a.withReach(new Reach(r.sources(), r.targets(), -1), bucket));
    }
    return out;
  }

  /**
   * The stored feature histograms and fingerprint source sets, for the detector's explanations and
   * its fingerprint alarm on buckets of the given size. Each call of {@code sum} reads the
   * database; the sets are read a port at a time and kept, so make one per detection run (see
   * {@link StoredFeatures}); a corrupt cell raises {@link StoreException}.
   */
  public FeatureHistograms features(BucketSize bucket) {
    return new StoredFeatures(db, bucket);
  }

  /**
   * The {@code n} sources with the most probes at a port in {@code [from, to)}, counted from the
   * stored probes (so only within the retention), most first.
   */
  public List<SourceCount> topSources(
      int port, Protocol protocol, Instant from, Instant to, int n) {
    if (protocol == null || from == null || to == null) {
      throw new IllegalArgumentException("protocol, from and to are required");
    }
    return db.read(c -> SourceReads.top(c, port, protocol, from, to, n));
  }

  /**
   * Feeds the stored probes with a time in {@code [from, to)} (null for no bound) to the sink in
   * time order, one day at a time (see {@link ProbeStream}): only probes within the retention are
   * stored. The sink runs inside the read.
   *
   * @return how many probes were fed
   * @throws StoreException naming the chunk when a stored chunk is damaged
   */
  public long probesInTimeOrder(Instant from, Instant to, ProbeSink sink) {
    if (sink == null) {
      throw new IllegalArgumentException("sink is required");
    }
    return db.read(c -> ProbeStream.feed(c, from, to, sink));
  }

  /**
   * One source's activity per day, oldest first.
   *
   * @throws IllegalArgumentException when the text is no IP address
   */
  public List<SourceDay> source(String address) {
    long[] a = IpAddresses.parse(address);
    return db.read(c -> SourceReads.days(c, a[0], a[1]));
  }

  /**
   * Stores alerts, one row per (kind, port, protocol, onset): an alert seen again (a re-run of the
   * detector, a surge that went on) replaces the stored one.
   *
   * @return how many of the alerts were new
   */
  public int saveAlerts(List<Alert> alerts) {
    return saveAlerts(alerts, List.of(), a -> "").size();
  }

  /**
   * Stores alerts as {@link #saveAlerts(List)} does and, in the same transaction, queues in the
   * outbox one delivery per sink of each alert that is new, with {@code payload} as its text: an
   * alert is never new without its deliveries queued, and is queued once however often it is found
   * again.
   *
   * @return the alerts that were new, in their order
   */
  public List<Alert> saveAlerts(
      List<Alert> alerts, Collection<String> sinks, Function<Alert, String> payload) {
    long now = System.currentTimeMillis();
    List<String> to = List.copyOf(sinks);
    return db.write(
        c -> {
          List<Alert> fresh = AlertTable.save(c, alerts, now);
          if (!to.isEmpty()) {
            for (Alert a : fresh) {
              AlertOutbox.enqueue(c, a, to, payload.apply(a), now);
            }
          }
          return fresh;
        });
  }

  /**
   * The outbox's pending deliveries to these sinks that are due by {@code now}, in the order they
   * were queued, at most {@code limit}.
   */
  public List<Delivery> dueDeliveries(Collection<String> sinks, Instant now, int limit) {
    List<String> names = List.copyOf(sinks);
    return db.read(c -> AlertOutbox.due(c, names, now.toEpochMilli(), limit));
  }

  /** Marks a delivery done; false when it was not pending (marked before). */
  public boolean delivered(Delivery d, Instant at) {
    return db.write(c -> AlertOutbox.delivered(c, d.seq(), at.toEpochMilli()));
  }

  /** Counts a failed attempt of a delivery, with its reason, and sets when to try again. */
  public boolean deliveryFailed(Delivery d, String error, Instant retryAt) {
    return db.write(c -> AlertOutbox.failed(c, d.seq(), error, retryAt.toEpochMilli()));
  }

  /** The outbox's deliveries by {@code "SINK pending"} and {@code "SINK delivered"}. */
  public Map<String, Long> deliveryCounts() {
    return db.read(AlertOutbox::counts);
  }

  /**
   * The alerts whose surge overlaps {@code [from, to)} (onset before {@code to}, last bucket at or
   * after {@code from}; null for no bound), by detection time, then port.
   */
  public List<Alert> alerts(Instant from, Instant to) {
    return db.read(c -> AlertTable.read(c, from, to));
  }

  /** The sensors that submitted, by name. */
  public List<SensorInfo> sensors() {
    return db.read(
        c -> {
          List<SensorInfo> out = new ArrayList<>();
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery(
                      "SELECT name, first_submission, last_submission, submissions, probes"
                          + " FROM sensors ORDER BY name")) {
            while (rs.next()) {
              out.add(
                  new SensorInfo(
                      rs.getString(1),
                      Instant.ofEpochMilli(rs.getLong(2)),
                      Instant.ofEpochMilli(rs.getLong(3)),
                      rs.getLong(4),
                      rs.getLong(5)));
            }
          }
          return out;
        });
  }

  @Override
  public void close() {
    db.close();
  }
}

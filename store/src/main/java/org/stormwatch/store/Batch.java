package org.stormwatch.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.ProbeSink;

/**
 * One submission being gathered: probes accumulate in memory, then {@link #commit} stores all of
 * them at once, exactly once per submission key. Every probe is recorded as seen by the batch's
 * sensor. Not thread-safe; one batch per submission, committed once.
 */
public final class Batch implements ProbeSink {
  private final History history;
  private final String sensor;
  private final String key;
  private final List<Probe> probes = new ArrayList<>();
  private boolean committed;

  Batch(History history, String sensor, String key) {
    this.history = history;
    this.sensor = sensor;
    this.key = key;
  }

  @Override
  public void accept(Probe probe) {
    if (committed) {
      throw new IllegalStateException("batch " + key + " is already committed");
    }
    probes.add(probe.sensor().equals(sensor) ? probe : probe.withSensor(sensor));
  }

  /** The probes gathered so far. */
  public int size() {
    return probes.size();
  }

  public String key() {
    return key;
  }

  public String sensor() {
    return sensor;
  }

  /**
   * Stores the probes and the submission in one transaction, with what was rejected while reading
   * them (malformed and not-probe units, by reason). When the key was stored before, nothing is
   * added and the earlier receipt comes back with {@code duplicate} set.
   *
   * @throws StoreException when the database fails; then nothing of the batch is stored and the
   *     same batch may be committed again
   */
  public Receipt commit(ReadStats stats) {
    Map<String, Long> rejected = new java.util.LinkedHashMap<>();
    stats.malformed().asMap().forEach((reason, n) -> rejected.merge(reason, n, Long::sum));
    stats.notProbes().asMap().forEach((reason, n) -> rejected.merge(reason, n, Long::sum));
    return commit(rejected);
  }

  /** Like {@link #commit(ReadStats)}, with the rejected units by reason given directly. */
  public Receipt commit(Map<String, Long> rejected) {
    if (committed) {
      throw new IllegalStateException("batch " + key + " is already committed");
    }
    Receipt receipt = history.commit(this, probes, rejected);
    committed = true;
    probes.clear();
    return receipt;
  }
}

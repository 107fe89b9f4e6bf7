package org.stormwatch.core.sim;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.model.Protocol;

/**
 * The ground truth of a simulation: what was generated, per port and bucket, and the outbreaks with
 * their onsets. Made by {@link TruthRecorder}; written as JSON by {@link #writeJson} (layout in
 * {@link TruthJson} and docs/simulator.md).
 *
 * @param probes how many probes were generated in all
 * @param buckets one row per (bucket, port, protocol) that saw a probe, in the port report's order
 */
public record Truth(
    Scenario scenario,
    BucketSize bucket,
    long probes,
    List<OutbreakTruth> outbreaks,
    List<BucketTruth> buckets) {
  public Truth {
    outbreaks = List.copyOf(outbreaks);
    buckets = List.copyOf(buckets);
  }

  /**
   * What one outbreak produced.
   *
   * @param firstProbe the time of its first probe, or null when it sent none
   */
  public record OutbreakTruth(Outbreak outbreak, long probes, long sources, Instant firstProbe) {}

  /**
   * One cell of the port report, with the outbreak's part of it.
   *
   * @param outbreakRecords the records sent by outbreak sources
   * @param outbreakSources the distinct outbreak sources among {@code sources}
   */
  public record BucketTruth(
      Instant start,
      int port,
      Protocol protocol,
      long records,
      long sources,
      long targets,
      long outbreakRecords,
      long outbreakSources) {
    /** Whether an outbreak sent probes in this cell. */
    public boolean outbreak() {
      return outbreakRecords > 0;
    }

    /** The cell as the port report has it. */
    public PortActivity activity() {
      return new PortActivity(start, port, protocol, records, sources, targets);
    }
  }

  /** The cells as port report rows, to compare with what a reader computes. */
  public List<PortActivity> activity() {
    return buckets.stream().map(BucketTruth::activity).toList();
  }

  /** Writes the truth as one JSON document (with a final newline). */
  public void writeJson(Appendable out) throws IOException {
    new TruthJson(out).write(this);
  }
}

package org.stormwatch.core.detect;

/**
 * How one method fits a baseline and scores a bucket against it; {@link SurgeScan} does the rest.
 */
interface BucketScorer {
  /** {@code default} or {@code isc}, as alerts name it. */
  String method();

  /** The baseline for bucket {@code t}, from the buckets before it that are not excluded. */
  Baseline fit(PortSeries series, int t, boolean[] excluded);

  double score(Baseline baseline, PortSeries series, int t);

  /** Whether the bucket starts a surge. */
  boolean alerts(Baseline baseline, PortSeries series, int t, double score);

  /** Whether a bucket after an alert still belongs to the surge. */
  boolean continues(Baseline baseline, PortSeries series, int t, double score);
}

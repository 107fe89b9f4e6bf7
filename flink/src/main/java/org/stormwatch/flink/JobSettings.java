package org.stormwatch.flink;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.detect.DetectionMethod;
import org.stormwatch.core.detect.DetectionSettings;

/**
 * What the job computes and how long it waits for stragglers.
 *
 * @param bucket hour or day, UTC-aligned
 * @param outOfOrderness how far behind the newest probe seen a probe may arrive and still count as
 *     on time: the watermark trails the newest event time by this much (default 10 minutes: sensors
 *     upload in batches of minutes)
 * @param allowedLateness how long after its bucket closed a late probe still updates the bucket
 *     (the row and the detection are re-emitted); later probes go to the late output, counted,
 *     never silently dropped (default 1 hour)
 * @param origin the first bucket of every port's series (the start of observation), so that the
 *     baseline sees the same quiet buckets as a single-machine run; null: each port's series starts
 *     at its own first bucket
 * @param method the detector, as in {@code stormwatch detect --method}
 */
record JobSettings(
    BucketSize bucket,
    Duration outOfOrderness,
    Duration allowedLateness,
    Instant origin,
    DetectionMethod method)
    implements Serializable {

  JobSettings {
    if (bucket == null || method == null) {
      throw new IllegalArgumentException("bucket and method are required");
    }
    if (outOfOrderness.isNegative() || allowedLateness.isNegative()) {
      throw new IllegalArgumentException(
          "out-of-orderness and lateness must be 0 or more: "
              + outOfOrderness
              + ", "
              + allowedLateness);
    }
  }

  static JobSettings defaults(BucketSize bucket) {
    return new JobSettings(
        bucket, Duration.ofMinutes(10), Duration.ofHours(1), null, DetectionMethod.DEFAULT);
  }

  JobSettings withOrigin(Instant newOrigin) {
    return new JobSettings(bucket, outOfOrderness, allowedLateness, newOrigin, method);
  }

  JobSettings withLateness(Duration outOfOrder, Duration lateness) {
    return new JobSettings(bucket, outOfOrder, lateness, origin, method);
  }

  /**
   * The event time at which bucket {@code index} is final: the watermark has passed its end plus
   * the allowed lateness, so its window takes no more probes (the window's cleanup time). The mix
   * of the bucket is emitted, and the bucket judged, at this time.
   */
  long finalAt(long index) {
    return (index + 1) * bucket.seconds() * 1000 - 1 + allowedLateness.toMillis();
  }

  /** The bucket that is final at {@code time}, as {@link #finalAt} gives it. */
  long bucketFinalAt(long time) {
    return Math.floorDiv(time + 1 - allowedLateness.toMillis(), bucket.seconds() * 1000) - 1;
  }

  DetectionSettings detection() {
    return DetectionSettings.forBucket(bucket);
  }
}

package org.stormwatch.flink;

import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.stormwatch.core.aggregate.BucketSize;

/**
 * Assigns a probe to the window of its hour that ends where the job's bucket ends: [hour start,
 * bucket end). The store keeps hours, the job's rows are buckets (a day by default); giving each
 * hour its bucket's end makes the hour's window close, and stop taking late probes, exactly when
 * its bucket's window does: a probe counted in a bucket row is counted in its hour cell, and one
 * sent to the late output is counted in neither. The price: a day job writes a day's hour cells
 * when the day closes, not hour by hour. With hour buckets these are plain hourly tumbling windows.
 */
final class HoursOfBucket extends WindowAssigner<Object, TimeWindow> {
  private static final long serialVersionUID = 1L;
  private static final long HOUR_MS = BucketSize.HOUR.seconds() * 1000;
  private final long bucketMs;

  HoursOfBucket(BucketSize bucket) {
    this.bucketMs = bucket.seconds() * 1000;
  }

  @Override
  public Collection<TimeWindow> assignWindows(
      Object element, long timestamp, WindowAssignerContext context) {
    long hour = Math.floorDiv(timestamp, HOUR_MS) * HOUR_MS;
    long bucketEnd = Math.floorDiv(timestamp, bucketMs) * bucketMs + bucketMs;
    return List.of(new TimeWindow(hour, bucketEnd));
  }

  @Override
  public Trigger<Object, TimeWindow> getDefaultTrigger() {
    return EventTimeTrigger.create();
  }

  @Override
  public TypeSerializer<TimeWindow> getWindowSerializer(ExecutionConfig config) {
    return new TimeWindow.Serializer();
  }

  @Override
  public boolean isEventTime() {
    return true;
  }

  @Override
  public String toString() {
    return "HoursOfBucket(" + bucketMs + " ms)";
  }
}

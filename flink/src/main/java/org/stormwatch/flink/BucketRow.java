package org.stormwatch.flink;

import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.detect.FeatureCounts;

/**
 * A closed (or, with late probes, updated) cell: its port-report row, whether its distinct counts
 * are exact, and its feature histograms for explanations. Not changed once made.
 */
record BucketRow(PortActivity activity, boolean exact, FeatureCounts features) {}

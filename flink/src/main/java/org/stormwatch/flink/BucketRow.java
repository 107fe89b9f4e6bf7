package org.stormwatch.flink;

import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.detect.FeatureCounts;
import org.stormwatch.core.detect.FingerprintSources;

/**
 * A closed (or, with late probes, updated) cell: its port-report row, whether its distinct counts
 * are exact, its feature histograms for explanations and its fingerprint source sets for the
 * fingerprint alarm. Not changed once made.
 */
record BucketRow(
    PortActivity activity,
    boolean exact,
    FeatureCounts features,
    FingerprintSources fingerprints) {}

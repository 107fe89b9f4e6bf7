package org.stormwatch.store;

import java.time.Instant;

/** A sensor that submitted to this store: when first and last, how often, how many probes. */
public record SensorInfo(
    String name, Instant firstSubmission, Instant lastSubmission, long submissions, long probes) {}

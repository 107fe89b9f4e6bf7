package org.stormwatch.store;

import org.stormwatch.core.model.Protocol;

/**
 * A port among the busiest of a time range, with its distinct sources and targets over the whole
 * range (merged counters: exact to 4096, then within ±1.6% at 95%).
 */
public record TopPort(int port, Protocol protocol, long records, long sources, long targets) {}

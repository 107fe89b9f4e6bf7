/**
 * History on disk: port activity, feature histograms, per-source activity, compressed probes,
 * alerts and submissions, in an embedded DuckDB file or a shared PostgreSQL database. The entry
 * point is {@link org.stormwatch.store.History}.
 */
package org.stormwatch.store;

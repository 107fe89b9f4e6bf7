/**
 * Surge detection over port activity: per-port baselines, count statistics, onset, trend, and the
 * features that set a surge apart. Pure functions of series, histograms and settings.
 */
package org.stormwatch.core.detect;

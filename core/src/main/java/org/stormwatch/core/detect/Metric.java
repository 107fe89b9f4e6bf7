package org.stormwatch.core.detect;

/** The three ISC port metrics. */
public enum Metric {
  RECORDS,
  SOURCES,
  TARGETS
}

package org.stormwatch.core.model;

/** Receives probes, one at a time, in input order. */
@FunctionalInterface
public interface ProbeSink {
  void accept(Probe probe);
}

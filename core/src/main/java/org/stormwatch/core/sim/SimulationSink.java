package org.stormwatch.core.sim;

/** Receives generated probes in time order. */
@FunctionalInterface
public interface SimulationSink {
  void accept(SimulatedProbe probe);
}

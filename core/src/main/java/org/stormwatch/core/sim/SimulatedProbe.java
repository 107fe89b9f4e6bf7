package org.stormwatch.core.sim;

import org.stormwatch.core.model.Probe;

/**
 * One generated probe with what a capture needs beyond the probe: the TCP window and the payload.
 *
 * @param probe the probe, as a capture reader would give it back (NBNS features on 137/udp)
 * @param tcpWindow the TCP window, or -1 for UDP
 * @param payload the transport payload; shared between probes, never to be modified
 * @param outbreak the index of the outbreak in the scenario that sent it, or -1 for background
 */
public record SimulatedProbe(Probe probe, int tcpWindow, byte[] payload, int outbreak) {
  public boolean fromOutbreak() {
    return outbreak >= 0;
  }
}

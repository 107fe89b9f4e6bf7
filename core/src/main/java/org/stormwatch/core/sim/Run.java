package org.stormwatch.core.sim;

import java.util.PriorityQueue;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.nbns.NbnsFeatures;
import org.stormwatch.core.nbns.NbnsFingerprint;

/**
 * The state of one generation run that the emitters share: the merge queue, the counters of sources
 * and emitters, the targets, and the one place where probes are made and handed on. Probe times are
 * cut to microseconds (what pcap and netfilter keep), so a probe read back from a capture equals
 * the generated one.
 */
final class Run {
  static final int SYN = 0x02;

  final Scenario scenario;
  final SensorTargets targets;
  final SourceAddresses addresses;
  final long endNanos;
  private final SimulationSink sink;
  private final PriorityQueue<Emitter> queue = new PriorityQueue<>(Emitter.ORDER);
  private long orders;
  private long nextSource;
  private long probes;

  Run(Scenario scenario, SimulationSink sink, long firstFreeSource) {
    this.scenario = scenario;
    this.sink = sink;
    this.targets = new SensorTargets(scenario.background());
    this.addresses = new SourceAddresses(scenario.seed());
    this.endNanos = scenario.end().getEpochSecond() * 1_000_000_000L;
    this.nextSource = firstFreeSource;
  }

  long nextOrder() {
    return orders++;
  }

  /** A source number never used before in this run. */
  long newSource() {
    return nextSource++;
  }

  /** Adds an emitter to the merge, unless it has nothing to emit. */
  void spawn(Emitter e) {
    if (!e.finished()) {
      queue.add(e);
    }
  }

  /**
   * Merges the emitters in time order until all are finished. The emitter at the head fires as long
   * as it stays ahead of the next one, so a busy stream costs no queue operation per event.
   */
  long drain() {
    Emitter e;
    while ((e = queue.poll()) != null) {
      while (true) {
        e.fire();
        if (e.finished()) {
          break;
        }
        Emitter head = queue.peek();
        if (head != null && Emitter.ORDER.compare(head, e) < 0) {
          queue.add(e);
          break;
        }
      }
    }
    return probes;
  }

  /** Makes one IPv4 probe and hands it to the sink. */
  void emit(
      long timeNanos,
      int src,
      int srcPort,
      int dst,
      int dstPort,
      Protocol protocol,
      int ipLength,
      int ttl,
      int window,
      byte[] payload,
      int outbreak) {
    long time = timeNanos - Math.floorMod(timeNanos, 1000L);
    long srcLo = IpAddresses.v4Lo(src);
    long dstLo = IpAddresses.v4Lo(dst);
    boolean tcp = protocol == Protocol.TCP;
    NbnsFeatures features =
        !tcp && dstPort == NbnsFingerprint.NBNS_PORT
            ? NbnsFingerprint.ofUdpPayload(payload, 0, payload.length, srcPort, 0, dstLo, dstPort)
            : null;
    Probe probe =
        new Probe(
            time,
            0,
            srcLo,
            srcPort,
            0,
            dstLo,
            dstPort,
            protocol,
            tcp ? SYN : Probe.UNKNOWN,
            ipLength,
            ttl,
            "",
            features);
    probes++;
    sink.accept(new SimulatedProbe(probe, tcp ? window : -1, payload, outbreak));
  }
}

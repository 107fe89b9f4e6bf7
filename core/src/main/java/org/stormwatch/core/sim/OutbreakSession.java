package org.stormwatch.core.sim;

import java.util.SplittableRandom;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.nbns.NbnsQueries;

/**
 * One new outbreak source: it probes 1 to {@code 2k - 1} random targets (mean {@code k}, the
 * outbreak's targets per source), 0.2 to 3 seconds apart, with the outbreak's fingerprint. A host
 * keeps its TTL (drawn once in the fingerprint's band) and, for UDP, its socket's source port; a
 * TCP worm's connections take consecutive source ports, as Windows hands them out.
 */
final class OutbreakSession extends Emitter {
  private static final byte[] EMPTY = new byte[0];

  private final Run run;
  private final SplittableRandom random;
  private final int index;
  private final Outbreak outbreak;
  private final byte[] udpPayload;
  private final int src;
  private final int ttl;
  private final int firstPort;
  private final int count;
  private int sent;

  OutbreakSession(Run run, long time, SplittableRandom random, int index, byte[] udpPayload) {
    super(run.nextOrder());
    this.run = run;
    this.random = random;
    this.index = index;
    this.outbreak = run.scenario.outbreaks().get(index);
    this.udpPayload = udpPayload;
    this.src = run.addresses.address(run.newSource());
    Fingerprint f = outbreak.fingerprint();
    if (f instanceof Fingerprint.NbnsForgedLookup) {
      ttl = band(Fingerprint.NbnsForgedLookup.TTL_LOW, Fingerprint.NbnsForgedLookup.TTL_HIGH);
      int low = Fingerprint.NbnsForgedLookup.SOURCE_PORT_LOW;
      firstPort = low + random.nextInt(Fingerprint.NbnsForgedLookup.SOURCE_PORT_HIGH - low + 1);
    } else if (f instanceof Fingerprint.TcpSyn) {
      Fingerprint.TcpSyn syn = (Fingerprint.TcpSyn) f;
      ttl = band(syn.ttlLow(), syn.ttlHigh());
      firstPort = 1025 + random.nextInt(4000);
    } else {
      Fingerprint.UdpDatagram udp = (Fingerprint.UdpDatagram) f;
      ttl = band(udp.ttlLow(), udp.ttlHigh());
      firstPort = BackgroundEmitter.ephemeralPort(random);
    }
    count = 1 + random.nextInt(2 * outbreak.targetsPerSource() - 1);
    next = time < run.endNanos ? time : Long.MAX_VALUE;
  }

  private int band(int low, int high) {
    return low + random.nextInt(high - low + 1);
  }

  @Override
  void fire() {
    int dst = run.targets.random(random);
    Fingerprint f = outbreak.fingerprint();
    if (f instanceof Fingerprint.NbnsForgedLookup) {
      byte[] query = NbnsQueries.wildcardNodeStatus(random.nextInt(1 << 16), true);
      run.emit(
          next, src, firstPort, dst, 137, Protocol.UDP, 28 + query.length, ttl, -1, query, index);
    } else if (f instanceof Fingerprint.TcpSyn) {
      Fingerprint.TcpSyn syn = (Fingerprint.TcpSyn) f;
      run.emit(
          next,
          src,
          firstPort + sent,
          dst,
          outbreak.port(),
          Protocol.TCP,
          syn.ipLength(),
          ttl,
          syn.window(),
          EMPTY,
          index);
    } else {
      run.emit(
          next,
          src,
          firstPort,
          dst,
          outbreak.port(),
          Protocol.UDP,
          28 + udpPayload.length,
          ttl,
          -1,
          udpPayload,
          index);
    }
    sent++;
    long gap = 200_000_000L + random.nextLong(2_800_000_000L);
    next = sent < count && next + gap < run.endNanos ? next + gap : Long.MAX_VALUE;
  }
}

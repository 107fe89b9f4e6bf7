package org.stormwatch.core.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.stormwatch.core.model.Protocol;

/**
 * Streams a scenario's probes in time order: the background (see {@link BackgroundEmitter}), heavy
 * hitters' scan sessions ({@link ScanSession}) starting as a Poisson process under the same daily
 * and weekly cycles, and per outbreak a Poisson process of new sources ({@link OutbreakSession})
 * whose rate follows the growth curve from the onset.
 *
 * <p>Why a merge of streams and not day-sized batches: every stream yields its events in order, so
 * merging them through a small priority queue (one entry per live stream: background, arrivals,
 * sessions in progress) gives time order without sorting or buffering; memory stays bounded by the
 * live sessions whatever the scenario's length. Reproducible: every random stream is split from the
 * scenario's seed in a fixed order, ties in time are broken by creation order.
 *
 * <p>Source numbers: background sources are {@code 0..sources-1}, heavy hitters the next {@code
 * heavyScanners}, outbreak sources take fresh numbers after them (see {@link SourceAddresses}).
 */
public final class ScenarioGenerator {
  private final Scenario scenario;

  public ScenarioGenerator(Scenario scenario) {
    this.scenario = scenario;
  }

  /**
   * Generates every probe to the sink, in time order.
   *
   * @return how many probes were generated
   */
  public long generate(SimulationSink sink) {
    Background b = scenario.background();
    SplittableRandom master = new SplittableRandom(scenario.seed());
    long firstScanner = b.sources();
    Run run = new Run(scenario, sink, firstScanner + b.heavyScanners());
    CycleProfile cycles = new CycleProfile(b);
    long startNanos = scenario.start().getEpochSecond() * 1_000_000_000L;

    run.spawn(new BackgroundEmitter(run, master.split(), cycles));

    ServicePort[] busy = b.busyPorts().toArray(new ServicePort[0]);
    AliasTable busyTable = new AliasTable(AliasTable.zipf(busy.length, b.portZipf()));
    int[] busyTcp =
        b.busyPorts().stream()
            .filter(p -> p.protocol() == Protocol.TCP)
            .mapToInt(ServicePort::port)
            .toArray();
    SplittableRandom heavy = master.split();
    PoissonClock scanClock =
        new PoissonClock(
            hour -> b.heavyScansPerDay() / 24 * cycles.factor(hour), run.endNanos, heavy.split());
    run.spawn(
        new Arrivals(
            run,
            scanClock,
            startNanos,
            heavy,
            (time, r) ->
                new ScanSession(
                    run, time, r, firstScanner, b.heavyScanners(), busy, busyTable, busyTcp)));

    List<Outbreak> outbreaks = scenario.outbreaks();
    for (int i = 0; i < outbreaks.size(); i++) {
      Outbreak o = outbreaks.get(i);
      int index = i;
      SplittableRandom r = master.split();
      byte[] payload = udpPayload(o, r);
      long onset = o.onset().getEpochSecond() * 1_000_000_000L + o.onset().getNano();
      PoissonClock clock =
          new PoissonClock(hour -> sourcesInHour(o, hour), run.endNanos, r.split());
      run.spawn(
          new Arrivals(
              run,
              clock,
              Math.max(onset, startNanos),
              r,
              (time, sr) -> new OutbreakSession(run, time, sr, index, payload)));
    }
    return run.drain();
  }

  /** New sources in an hour: the curve's rate at the middle of the hour, a 24th of a day's. */
  private static double sourcesInHour(Outbreak o, long epochHour) {
    double middle = (epochHour + 0.5) * 3600.0;
    double onset = o.onset().getEpochSecond() + o.onset().getNano() / 1e9;
    return o.sourcesPerDay((middle - onset) / 86_400) / 24;
  }

  /** The bytes every datagram of a UDP-datagram outbreak carries, drawn from its random stream. */
  private static byte[] udpPayload(Outbreak o, SplittableRandom r) {
    if (!(o.fingerprint() instanceof Fingerprint.UdpDatagram)) {
      return new byte[0];
    }
    byte[] payload = new byte[((Fingerprint.UdpDatagram) o.fingerprint()).payloadLength()];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) r.nextInt(256);
    }
    return payload;
  }

  /** The scenario's probes as a list, for tests and small scenarios. */
  List<SimulatedProbe> toList() {
    List<SimulatedProbe> out = new ArrayList<>();
    generate(out::add);
    return out;
  }
}

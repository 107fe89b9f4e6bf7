package org.stormwatch.core.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.nbns.NbnsQueries;

/**
 * The everyday background, one probe per event: a single Poisson process whose rate is the sum of
 * every port's (busy ports by Zipf rank, quiet ports at a probe a week each, legitimate NBNS
 * lookups on 137/udp), modulated by the daily and weekly cycles; each event draws its port in
 * proportion to the port's rate (merging independent Poisson processes is one process of the summed
 * rate whose events pick their component in proportion), its source from the Zipf-spread
 * population, its target uniformly. Why one process: one exponential gap and two alias draws per
 * probe, whatever the number of ports. Cost O(1) per probe; memory O(ports + sources).
 */
final class BackgroundEmitter extends Emitter {
  private static final byte[] EMPTY = new byte[0];
  private static final String[] HOST_NAMES = {"FILESERVER", "PRINTSRV", "MAIL", "WORKGROUP", "PDC"};

  private final Run run;
  private final SplittableRandom random;
  private final PoissonClock clock;
  private final ServicePort[] ports;
  private final AliasTable portTable;
  private final AliasTable sourceTable;
  private final int nbnsIndex;

  BackgroundEmitter(Run run, SplittableRandom random, CycleProfile cycles) {
    super(run.nextOrder());
    this.run = run;
    this.random = random;
    Background b = run.scenario.background();
    List<ServicePort> all = new ArrayList<>(b.busyPorts());
    List<Double> perDay = new ArrayList<>();
    double[] zipf = AliasTable.zipf(b.busyPorts().size(), b.portZipf());
    double zipfSum = 0;
    for (double w : zipf) {
      zipfSum += w;
    }
    for (double w : zipf) {
      perDay.add(b.probesPerDay() * w / zipfSum);
    }
    for (ServicePort p : b.quietPorts()) {
      all.add(p);
      perDay.add(b.quietProbesPerWeek() / 7);
    }
    nbnsIndex = all.size();
    all.add(ServicePort.udp(137));
    perDay.add(b.nbnsLookupsPerDay());
    ports = all.toArray(new ServicePort[0]);
    double[] weights = perDay.stream().mapToDouble(Double::doubleValue).toArray();
    double total = perDay.stream().mapToDouble(Double::doubleValue).sum();
    portTable = total > 0 ? new AliasTable(weights) : null;
    sourceTable = new AliasTable(AliasTable.zipf(b.sources(), b.sourceZipf()));
    clock = new PoissonClock(hour -> total / 24 * cycles.factor(hour), run.endNanos, random);
    next = total > 0 ? clock.next(run.scenario.start().getEpochSecond() * 1_000_000_000L) : next;
  }

  @Override
  void fire() {
    int index = portTable.next(random);
    ServicePort port = ports[index];
    int source = sourceTable.next(random);
    int src = run.addresses.address(source);
    int dst = run.targets.random(random);
    int ttl = SourceStacks.ttl(source);
    if (index == nbnsIndex) {
      // A legitimate lookup of one host: from port 137, no broadcast flag.
      int id = random.nextInt(1 << 16);
      byte[] query =
          random.nextBoolean()
              ? NbnsQueries.wildcardNodeStatus(id, false)
              : NbnsQueries.nameQuery(
                  id, false, HOST_NAMES[random.nextInt(HOST_NAMES.length)], 0x20);
      run.emit(next, src, 137, dst, 137, Protocol.UDP, 28 + query.length, ttl, -1, query, -1);
    } else if (port.protocol() == Protocol.TCP) {
      run.emit(
          next,
          src,
          ephemeralPort(random),
          dst,
          port.port(),
          Protocol.TCP,
          SourceStacks.ipLength(source),
          ttl,
          SourceStacks.window(source),
          EMPTY,
          -1);
    } else {
      run.emit(
          next, src, ephemeralPort(random), dst, port.port(), Protocol.UDP, 28, ttl, -1, EMPTY, -1);
    }
    next = clock.next(next);
  }

  static int ephemeralPort(SplittableRandom random) {
    return 1024 + random.nextInt(65_536 - 1024);
  }
}

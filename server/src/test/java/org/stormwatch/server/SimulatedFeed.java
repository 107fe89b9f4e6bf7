package org.stormwatch.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.sim.Scenario;
import org.stormwatch.core.sim.ScenarioGenerator;
import org.stormwatch.core.sim.SimulationWriter;

/** Feeds a server the simulator's September 2002, one capture per day from one sensor. */
final class SimulatedFeed {
  private SimulatedFeed() {}

  /** Submits the scenario one pcap per simulated day, as a sensor uploading daily would. */
  static void port137(TestServer s, double scale) {
    scenario(s, Scenario.preset("port137-2002", 1, scale));
  }

  /** Submits any scenario one pcap per simulated day. */
  static void scenario(TestServer s, Scenario scenario) {
    ByteArrayOutputStream[] day = {new ByteArrayOutputStream()};
    long[] current = {Long.MIN_VALUE};
    SimulationWriter[] writer = {null};
    new ScenarioGenerator(scenario)
        .generate(
            p -> {
              long d = BucketSize.DAY.startOf(p.probe().timeNanos());
              if (d != current[0]) {
                flush(s, writer[0], day[0]);
                day[0] = new ByteArrayOutputStream();
                writer[0] = open(day[0]);
                current[0] = d;
              }
              writer[0].accept(p);
            });
    flush(s, writer[0], day[0]);
  }

  private static SimulationWriter open(ByteArrayOutputStream out) {
    try {
      return new SimulationWriter(SimulationWriter.Format.PCAP, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void flush(TestServer s, SimulationWriter w, ByteArrayOutputStream out) {
    if (w == null) {
      return;
    }
    try {
      w.close();
      HttpResponse<String> r = s.submit(0, "application/vnd.tcpdump.pcap", out.toByteArray(), null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package org.stormwatch.core.sim;

import java.io.IOException;
import java.time.Instant;
import org.stormwatch.core.aggregate.BucketSize;

/**
 * Writes a {@link Truth} as JSON (RFC 8259), without a library: objects and arrays in a fixed key
 * order, strings escaped, instants as ISO-8601 UTC strings, one bucket per line so that the file
 * diffs and greps well. Layout (version 1):
 *
 * <pre>
 * {"format":"stormwatch-simulation-truth","version":1,
 *  "scenario":{"name":..,"seed":..,"scale":..,"start":"2002-08-25T00:00:00Z","days":42,
 *              "end":..,"sensorNetwork":"172.16.0.0/14","backgroundProbesPerDay":..,
 *              "busyPorts":200,"quietPorts":["12345/tcp",..],"quietProbesPerWeek":1.0,
 *              "sources":..,"heavyScansPerDay":..,"nbnsLookupsPerDay":..},
 *  "bucket":"1d","probes":N,
 *  "outbreaks":[{"port":137,"protocol":"udp","onset":"2002-09-28T00:00:00Z","growth":"logistic",
 *                "rate":2.5,"peakSourcesPerDay":..,"targetsPerSource":4,
 *                "fingerprint":{"kind":"nbns-forged-lookup",..},
 *                "probes":N,"sources":N,"firstProbe":"..."|null}],
 *  "buckets":[
 *   {"start":"..","port":445,"protocol":"tcp","records":..,"sources":..,"targets":..,
 *    "outbreak":false,"outbreakRecords":0,"outbreakSources":0},
 *   ...]}
 * </pre>
 */
final class TruthJson {
  private final Appendable out;

  TruthJson(Appendable out) {
    this.out = out;
  }

  void write(Truth t) throws IOException {
    Scenario s = t.scenario();
    Background b = s.background();
    out.append("{\"format\":\"stormwatch-simulation-truth\",\"version\":1,\n\"scenario\":{");
    field("name", s.name()).append(',');
    field("seed", s.seed()).append(',');
    field("scale", s.scale()).append(',');
    field("start", s.start()).append(',');
    field("days", s.days()).append(',');
    field("end", s.end()).append(',');
    field("sensorNetwork", b.sensorCidr()).append(',');
    field("backgroundProbesPerDay", b.probesPerDay()).append(',');
    field("busyPorts", b.busyPorts().size()).append(',');
    name("quietPorts").append('[');
    for (int i = 0; i < b.quietPorts().size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      string(b.quietPorts().get(i).toString());
    }
    out.append("],");
    field("quietProbesPerWeek", b.quietProbesPerWeek()).append(',');
    field("sources", b.sources()).append(',');
    field("heavyScansPerDay", b.heavyScansPerDay()).append(',');
    field("nbnsLookupsPerDay", b.nbnsLookupsPerDay()).append("},\n");
    field("bucket", t.bucket() == BucketSize.DAY ? "1d" : "1h").append(',');
    field("probes", t.probes()).append(",\n\"outbreaks\":[");
    for (int i = 0; i < t.outbreaks().size(); i++) {
      out.append(i > 0 ? ",\n" : "\n");
      outbreak(t.outbreaks().get(i));
    }
    out.append("],\n\"buckets\":[");
    for (int i = 0; i < t.buckets().size(); i++) {
      out.append(i > 0 ? ",\n" : "\n");
      bucket(t.buckets().get(i));
    }
    out.append("]}\n");
  }

  private void outbreak(Truth.OutbreakTruth ot) throws IOException {
    Outbreak o = ot.outbreak();
    out.append('{');
    field("port", o.port()).append(',');
    field("protocol", o.protocol().label()).append(',');
    field("onset", o.onset()).append(',');
    field("growth", o.growth().label()).append(',');
    field("rate", o.rate()).append(',');
    field("peakSourcesPerDay", o.peakSourcesPerDay()).append(',');
    field("targetsPerSource", o.targetsPerSource()).append(',');
    name("fingerprint").append('{');
    Fingerprint f = o.fingerprint();
    field("kind", f.kind());
    if (f instanceof Fingerprint.NbnsForgedLookup) {
      out.append(',');
      field("broadcastFlag", true).append(',');
      field("query", "wildcard NBSTAT").append(',');
      field("sourcePortLow", Fingerprint.NbnsForgedLookup.SOURCE_PORT_LOW).append(',');
      field("sourcePortHigh", Fingerprint.NbnsForgedLookup.SOURCE_PORT_HIGH).append(',');
      field("ttlLow", Fingerprint.NbnsForgedLookup.TTL_LOW).append(',');
      field("ttlHigh", Fingerprint.NbnsForgedLookup.TTL_HIGH).append(',');
      field("ipLength", 78);
    } else if (f instanceof Fingerprint.TcpSyn) {
      Fingerprint.TcpSyn syn = (Fingerprint.TcpSyn) f;
      out.append(',');
      field("ttlLow", syn.ttlLow()).append(',');
      field("ttlHigh", syn.ttlHigh()).append(',');
      field("ipLength", syn.ipLength()).append(',');
      field("window", syn.window());
    } else {
      Fingerprint.UdpDatagram udp = (Fingerprint.UdpDatagram) f;
      out.append(',');
      field("ttlLow", udp.ttlLow()).append(',');
      field("ttlHigh", udp.ttlHigh()).append(',');
      field("ipLength", 28 + udp.payloadLength());
    }
    out.append("},");
    field("probes", ot.probes()).append(',');
    field("sources", ot.sources()).append(',');
    name("firstProbe");
    if (ot.firstProbe() == null) {
      out.append("null");
    } else {
      string(ot.firstProbe().toString());
    }
    out.append('}');
  }

  private void bucket(Truth.BucketTruth row) throws IOException {
    out.append('{');
    field("start", row.start()).append(',');
    field("port", row.port()).append(',');
    field("protocol", row.protocol().label()).append(',');
    field("records", row.records()).append(',');
    field("sources", row.sources()).append(',');
    field("targets", row.targets()).append(',');
    field("outbreak", row.outbreak()).append(',');
    field("outbreakRecords", row.outbreakRecords()).append(',');
    field("outbreakSources", row.outbreakSources()).append('}');
  }

  private Appendable name(String name) throws IOException {
    string(name);
    return out.append(':');
  }

  private Appendable field(String name, String value) throws IOException {
    name(name);
    string(value);
    return out;
  }

  private Appendable field(String name, Instant value) throws IOException {
    return field(name, value.toString());
  }

  private Appendable field(String name, long value) throws IOException {
    return name(name).append(Long.toString(value));
  }

  private Appendable field(String name, double value) throws IOException {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " is not a finite number: " + value);
    }
    return name(name).append(Double.toString(value));
  }

  private Appendable field(String name, boolean value) throws IOException {
    return name(name).append(value ? "true" : "false");
  }

  /** A JSON string: quotes, backslashes and control characters escaped. */
  private void string(String s) throws IOException {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}

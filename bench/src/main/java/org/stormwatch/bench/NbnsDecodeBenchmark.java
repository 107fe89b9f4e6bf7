package org.stormwatch.bench;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.stormwatch.core.nbns.NbnsDecodeResult;
import org.stormwatch.core.nbns.NbnsDecoder;
import org.stormwatch.core.nbns.NbnsFeatures;
import org.stormwatch.core.nbns.NbnsFingerprint;

/**
 * NBNS messages decoded per second, for typical messages of real captures: a broadcast name query
 * (most of port 137's traffic), the X-Scan wildcard NBSTAT query, a registration with a compression
 * pointer, and a Windows XP node status response with six names. Run with {@code java -jar
 * bench/target/benchmarks.jar NbnsDecode}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NbnsDecodeBenchmark {
  @Param({"broadcastQuery", "wildcardNbstat", "registration", "nbstatResponse"})
  public String message;

  private byte[] bytes;
  private final long dstHi = 0;
  private final long dstLo = 0x0000_ffff_c0a8_0119L; // 192.168.1.25

  @Setup
  public void setUp() {
    String hex;
    switch (message) {
      case "broadcastQuery":
        hex =
            "82c701100001000000000000204649464a454c4550454f434e444343414341434143414341434143414341"
                + "41410000200001";
        break;
      case "wildcardNbstat":
        hex =
            "10800010000100000000000020434b41414141414141414141414141414141414141414141414141414141414100"
                + "00210001";
        break;
      case "registration":
        hex =
            "8d8f29000001000000000001204647454e4648454a454f4649464143414341434143414341434143414341"
                + "41410000200001c00c00200001000493e000066000c0a8cf80";
        break;
      case "nbstatResponse":
        hex =
            "5afd84000000000100000000204647454e4648454a454f464946414341434143414341434143414341434143"
                + "41000021000100000000009b06564d57494e58502020202020202020000400564d57494e58502020"
                + "202020202020200400574f524b47524f5550202020202020008400574f524b47524f555020202020"
                + "20201e8400574f524b47524f55502020202020201d040001025f5f4d5342524f5753455f5f020184"
                + "00000c290d0656"
                + "00".repeat(40);
        break;
      default:
        throw new IllegalArgumentException("unknown message: " + message);
    }
    bytes = HexFormat.of().parseHex(hex);
    NbnsDecodeResult check = NbnsDecoder.decode(bytes, 0, bytes.length);
    if (!(check instanceof NbnsDecodeResult.Decoded)) {
      throw new IllegalStateException(message + " does not decode: " + check);
    }
  }

  @Benchmark
  public NbnsDecodeResult decode() {
    return NbnsDecoder.decode(bytes, 0, bytes.length);
  }

  @Benchmark
  public NbnsFeatures decodeAndFingerprint() {
    return NbnsFingerprint.ofUdpPayload(bytes, 0, bytes.length, 12406, dstHi, dstLo, 137);
  }
}

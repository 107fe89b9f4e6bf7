package org.stormwatch.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.capture.CaptureReader;
import org.stormwatch.core.capture.Captures;
import org.stormwatch.core.capture.PacketBuilder;
import org.stormwatch.core.capture.PcapWriter;
import org.stormwatch.core.capture.PcapngWriter;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.InputOptions;
import org.stormwatch.core.input.Inputs;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.model.Protocol;

/**
 * Feeds valid captures, mutated, to the readers: nothing but {@link InputException} may escape, and
 * every packet the reader delivers or framing record it rejects is counted exactly once.
 *
 * <p>Randomized tests are seeded: each seed is one JUnit invocation ({@code seed N}), and a failure
 * names the seed and the input (capture seed, mutations, chunk size), so it can be replayed alone.
 */
class CaptureFuzzTest {
  private static final Path REAL = Path.of("/work/shared/data/real/pcap");

  // ---- valid captures ----

  /** A random Ethernet frame carrying TCP, UDP or ICMP over IPv4 or IPv6. */
  private static byte[] frame(Random r) {
    boolean v6 = r.nextInt(3) == 0;
    long srcHi = v6 ? r.nextLong() : 0;
    long srcLo = v6 ? r.nextLong() : 0x0000_ffff_0000_0000L | (r.nextInt() & 0xffff_ffffL);
    long dstHi = v6 ? r.nextLong() : 0;
    long dstLo = v6 ? r.nextLong() : 0x0000_ffff_0000_0000L | (r.nextInt() & 0xffff_ffffL);
    Protocol protocol = Protocol.values()[r.nextInt(3)];
    int dstPort = protocol == Protocol.ICMP ? (r.nextBoolean() ? 8 : 0) : r.nextInt(65_536);
    int srcPort = protocol == Protocol.ICMP ? 0 : r.nextInt(65_536);
    byte[] payload = new byte[r.nextInt(40)];
    r.nextBytes(payload);
    return PacketBuilder.ethernet(
        srcHi,
        srcLo,
        srcPort,
        dstHi,
        dstLo,
        dstPort,
        protocol,
        r.nextInt(256),
        1 + r.nextInt(255),
        payload);
  }

  /** A valid pcap or pcapng capture of up to 12 packets; the kind and layout follow the seed. */
  static byte[] validCapture(long seed) throws IOException {
    Random r = new Random(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int packets = r.nextInt(13);
    long time = (r.nextBoolean() ? 1_600_000_000L : 0x8000_0000L) * 1_000_000_000L;
    if (r.nextBoolean()) {
      ByteOrder order = r.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      try (PcapWriter w = new PcapWriter(out, 1, order, r.nextBoolean(), 65_535)) {
        for (int i = 0; i < packets; i++) {
          time += r.nextInt(200) * 1_000_000_000L;
          w.write(time, frame(r));
        }
      }
    } else {
      try (PcapngWriter w = new PcapngWriter(out, ByteOrder.LITTLE_ENDIAN)) {
        int interfaces = 0;
        for (int i = 0; i < packets; i++) {
          if (interfaces == 0 || r.nextInt(6) == 0) {
            w.addInterface(1, new int[] {6, 9, 0x80 | 20, 3}[r.nextInt(4)]);
            interfaces++;
          }
          time += r.nextInt(200) * 1_000_000_000L;
          int kind = r.nextInt(10);
          if (kind == 0) {
            w.writeSimple(frame(r));
          } else if (kind == 1) {
            w.writeCustomBlock(0x0BAD, new byte[r.nextInt(9)]);
          } else if (kind == 2) {
            w.section(r.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            interfaces = 0;
            i--;
          } else {
            byte[] f = frame(r);
            w.write(r.nextInt(interfaces), time, f, 0, f.length, f.length);
          }
        }
      }
    }
    return out.toByteArray();
  }

  // ---- mutations ----

  enum Kind {
    FLIP,
    TRUNCATE,
    INSERT,
    DELETE,
    EXTREME_LENGTH
  }

  record Mutation(Kind kind, int position, int value) {}

  private static final long[] EXTREMES = {
    0, 1, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, 0xffffL, 0x8000L, 12, 28, 0x0400_0000L
  };

  static byte[] mutate(byte[] in, List<Mutation> mutations) {
    byte[] b = in;
    for (Mutation m : mutations) {
      if (b.length == 0) {
        return b;
      }
      int at = Math.floorMod(m.position(), b.length);
      switch (m.kind()) {
        case FLIP:
          b = b.clone();
          b[at] ^= (byte) (1 << (m.value() & 7));
          break;
        case TRUNCATE:
          b = java.util.Arrays.copyOf(b, at);
          break;
        case INSERT:
          {
            byte[] c = new byte[b.length + 1 + (m.value() & 7)];
            System.arraycopy(b, 0, c, 0, at);
            for (int i = at; i < at + 1 + (m.value() & 7); i++) {
              c[i] = (byte) (m.value() >>> 3);
            }
            System.arraycopy(b, at, c, at + 1 + (m.value() & 7), b.length - at);
            b = c;
            break;
          }
        case DELETE:
          {
            int n = Math.min(1 + (m.value() & 15), b.length - at);
            byte[] c = new byte[b.length - n];
            System.arraycopy(b, 0, c, 0, at);
            System.arraycopy(b, at + n, c, at, b.length - at - n);
            b = c;
            break;
          }
        case EXTREME_LENGTH:
          {
            // Overwrite a 32-bit word at a 4-byte boundary (where lengths stand) in either order.
            int word = (at & ~3);
            if (word + 4 > b.length) {
              break;
            }
            b = b.clone();
            long v = EXTREMES[Math.floorMod(m.value(), EXTREMES.length)];
            boolean le = m.value() < 0;
            for (int i = 0; i < 4; i++) {
              int shift = le ? 8 * i : 8 * (3 - i);
              b[word + i] = (byte) (v >>> shift);
            }
            break;
          }
      }
    }
    return b;
  }

  /** Capture seeds tried first: the edges of the long range and small values. */
  private static final long[] EDGE_CAPTURE_SEEDS = {
    0, 1, -1, 2, -2, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1
  };

  private static final int[] EDGE_INTS = {0, 1, -1, 2, -2, Integer.MIN_VALUE, Integer.MAX_VALUE};

  /** The edges first, then any long; one in eight random tries is small. */
  static long captureSeed(long seed, SplittableRandom r) {
    if (seed < EDGE_CAPTURE_SEEDS.length) {
      return EDGE_CAPTURE_SEEDS[(int) seed];
    }
    return r.nextInt(8) == 0 ? r.nextLong(-1000, 1000) : r.nextLong();
  }

  /** Any int; one in eight is an edge (0, +-1, +-2, the ends of the range). */
  private static int anyInt(SplittableRandom r) {
    return r.nextInt(8) == 0 ? EDGE_INTS[r.nextInt(EDGE_INTS.length)] : r.nextInt();
  }

  /** 0 to 6 mutations of any kind, at any non-negative position, with any value. */
  static List<Mutation> mutations(SplittableRandom r) {
    Kind[] kinds = Kind.values();
    List<Mutation> out = new ArrayList<>();
    for (int n = r.nextInt(7); n > 0; n--) {
      int position =
          switch (r.nextInt(16)) {
            case 0 -> 0;
            case 1 -> Integer.MAX_VALUE;
            default -> r.nextInt(Integer.MAX_VALUE) + (r.nextBoolean() ? 1 : 0);
          };
      out.add(new Mutation(kinds[r.nextInt(kinds.length)], position, anyInt(r)));
    }
    return out;
  }

  static LongStream seeds2000() {
    return LongStream.range(0, 2000);
  }

  static LongStream seeds300() {
    return LongStream.range(0, 300);
  }

  static LongStream seeds200() {
    return LongStream.range(0, 200);
  }

  // ---- reading ----

  /** A channel that hands out its bytes a few at a time, to exercise refilling. */
  static final class TrickleChannel implements ReadableByteChannel {
    private final byte[] data;
    private final int chunk;
    private int at;
    private boolean open = true;

    TrickleChannel(byte[] data, int chunk) {
      this.data = data;
      this.chunk = chunk;
    }

    @Override
    public int read(ByteBuffer dst) {
      if (at >= data.length) {
        return -1;
      }
      int n = Math.min(Math.min(chunk, dst.remaining()), data.length - at);
      dst.put(data, at, n);
      at += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }

  /** What one input came to: framing only, and through the probe reader. */
  record Outcome(long packets, long framingMalformed, ReadStats probeStats) {}

  /** Reads the bytes twice; returns null when the input as a whole is rejected. */
  static Outcome readBoth(byte[] capture, int chunk) throws IOException {
    long[] packets = {0};
    ReadStats framing = new ReadStats();
    try (CaptureReader reader = Captures.open("fuzz", new TrickleChannel(capture, chunk))) {
      long returned =
          reader.read(
              (link, time, data, offset, length, original, recordOffset) -> {
                assertThat(offset).isBetween(0, data.length);
                assertThat(length).isBetween(0, data.length - offset);
                assertThat(original).isNotNegative();
                packets[0]++;
              },
              framing);
      assertThat(returned).isEqualTo(packets[0]);
    } catch (InputException e) {
      assertThat(e.getMessage()).startsWith("fuzz: ");
      return null;
    }
    ReadStats stats = new ReadStats();
    try (CaptureReader reader = Captures.open("fuzz", new TrickleChannel(capture, 1 << 16))) {
      new CaptureProbeReader("fuzz", reader, new ProbeClassifier("")).read(p -> {}, stats);
    } catch (InputException e) {
      throw new AssertionError("rejected on the second read only", e);
    }
    return new Outcome(packets[0], framing.malformed().total(), stats);
  }

  static void assertInvariant(Outcome o) {
    if (o == null) {
      return;
    }
    ReadStats s = o.probeStats();
    assertThat(s.units())
        .isEqualTo(s.probes() + s.notProbes().total() + s.malformed().total())
        .isEqualTo(o.packets() + o.framingMalformed());
    assertThat(s.examples()).hasSizeLessThanOrEqualTo(ReadStats.MAX_EXAMPLES);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds2000")
  void mutatedCaptures_onlyEverRaiseInputException_andCountEveryUnit(long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    long captureSeed = captureSeed(seed, r);
    List<Mutation> mutations = mutations(r);
    // Chunk sizes 1 to 64, the ends first.
    int chunk = seed < 2 ? (seed == 0 ? 1 : 64) : 1 + r.nextInt(64);
    byte[] capture = mutate(validCapture(captureSeed), mutations);
    try {
      assertInvariant(readBoth(capture, chunk));
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          "seed " + seed + ": capture " + captureSeed + ", " + mutations + ", chunk " + chunk, e);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds300")
  void validCaptures_countEveryPacketAndNothingMalformed(long seed) throws IOException {
    long captureSeed = captureSeed(seed, new SplittableRandom(seed));
    String input = "seed " + seed + ": capture " + captureSeed;
    byte[] capture = validCapture(captureSeed);
    Outcome o = readBoth(capture, 7);
    assertThat(o).as(input).isNotNull();
    try {
      assertInvariant(o);
    } catch (AssertionError e) {
      throw new AssertionError(input, e);
    }
    assertThat(o.framingMalformed()).as(input).isZero();
    assertThat(o.probeStats().malformed().total()).as(input).isZero();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds200")
  void mutatedCapturesThroughInputs_plainOrGzipped_countTheSameUnits(long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    long captureSeed = captureSeed(seed, r);
    List<Mutation> mutations = mutations(r);
    boolean gzip = r.nextBoolean();
    String input =
        "seed " + seed + ": capture " + captureSeed + ", " + mutations + ", gzip " + gzip;
    byte[] capture = mutate(validCapture(captureSeed), mutations);
    Outcome direct;
    try {
      direct = readBoth(capture, 1 << 16);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(input, e);
    }
    Path file = Files.createTempFile("fuzz", gzip ? ".pcap.gz" : ".pcap");
    try {
      Files.write(file, gzip ? gzip(capture) : capture);
      ReadStats stats = new ReadStats();
      try {
        Inputs.read(file.toString(), InputOptions.defaults(), p -> {}, stats);
      } catch (InputException e) {
        if (direct != null && capture.length > 0) {
          throw new AssertionError(input + ": Inputs rejected what Captures read", e);
        }
        return;
      }
      assertThat(direct).as(input).isNotNull();
      assertThat(stats.units()).as(input).isEqualTo(direct.probeStats().units());
      assertThat(stats.probes()).as(input).isEqualTo(direct.probeStats().probes());
      assertThat(stats.files()).as(input).isEqualTo(1);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  @Test
  void realCaptures_mutated_onlyEverRaiseInputException_andCountEveryUnit() throws IOException {
    Assumptions.assumeTrue(
        Files.isDirectory(REAL), REAL + " is absent: the replay of real captures is skipped");
    List<Path> files;
    try (Stream<Path> s = Files.list(REAL)) {
      files = new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
    }
    Assumptions.assumeFalse(files.isEmpty(), REAL + " holds no capture: skipped");
    Random r = new Random(20_240_229L);
    Kind[] kinds = Kind.values();
    for (Path f : files) {
      byte[] original = Files.readAllBytes(f);
      Outcome plain = readBoth(original, 1 << 16);
      assertInvariant(plain);
      int rounds = original.length > 1 << 20 ? 4 : 30;
      for (int i = 0; i < rounds; i++) {
        List<Mutation> ms = new ArrayList<>();
        for (int k = r.nextInt(4); k >= 0; k--) {
          ms.add(
              new Mutation(
                  kinds[r.nextInt(kinds.length)], r.nextInt(Integer.MAX_VALUE), r.nextInt()));
        }
        byte[] mutated = mutate(original, ms);
        try {
          assertInvariant(readBoth(mutated, 1 + r.nextInt(4096)));
        } catch (AssertionError | RuntimeException e) {
          throw new AssertionError(f.getFileName() + " with " + ms, e);
        }
      }
    }
  }
}

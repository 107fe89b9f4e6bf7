package org.stormwatch.core.aggregate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.datasketches.common.SketchesException;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * A mergeable count of distinct addresses: exact while small, a HyperLogLog sketch when large.
 *
 * <p>Why: the distinct sources and targets of a port must add up across buckets (a day is 24
 * hours), sensors and machines, and a distinct count cannot simply be summed. A set merges exactly
 * but grows with the count; a HyperLogLog sketch merges in fixed memory with a known error.
 *
 * <p>How: up to {@link #EXACT_LIMIT} distinct addresses are kept as a set of 64-bit keys, so small
 * counts (a quiet port, a day of one sensor) are exact. An IPv4 address is its own key, so IPv4
 * counts are exact; an IPv6 key is a 64-bit mix of the 128 bits, and two of n IPv6 addresses share
 * a key with probability about n²/2^65 (5 x 10^-13 at the limit of 4,096). Past the limit the keys
 * move into an Apache DataSketches HLL sketch with lg K = {@value #LG_K}: relative standard error
 * 1.04/sqrt(2^14) = 0.81%, so an estimate is within ±1.6% of the truth 95% of the time and ±2.4%
 * 99.7% of the time, whatever the count (Flajolet et al. 2007; Heule et al. 2013; DataSketches HLL
 * accuracy pages). Merging is exact for two sets whose union stays under the limit, and otherwise
 * as accurate as one sketch of the union.
 *
 * <p>The serialized form ({@link #toBytes}) is versioned and checked on the way in: byte 0 is the
 * kind (1 exact, 2 sketch), then for exact a big-endian int count and that many sorted keys, for a
 * sketch DataSketches' compact HLL image.
 */
public final class DistinctCounter {
  /** The largest count kept exactly. */
  public static final int EXACT_LIMIT = 4096;

  /** log2 of the HLL sketch's register count. */
  public static final int LG_K = 14;

  private static final byte KIND_EXACT = 1;
  private static final byte KIND_SKETCH = 2;
  private static final long ZERO_KEY = Long.MIN_VALUE;

  // Starts at 8 slots: most port-buckets see a handful of addresses, and a store or a stream
  // processor holds one counter per port-bucket.
  private LongHashSet exact = new LongHashSet(3);
  private HllSketch sketch;

  /** Counts an address given as the two longs of {@link org.stormwatch.core.model.IpAddresses}. */
  public void add(long hi, long lo) {
    addKey(key(hi, lo));
  }

  /** The key of an address: the low word for IPv4 (and any address whose high word is 0). */
  public static long key(long hi, long lo) {
    long key = hi == 0 ? lo : mix(hi * 0x9E3779B97F4A7C15L + lo) ^ hi;
    return key == 0 ? ZERO_KEY : key;
  }

  /** Counts a key made by {@link #key}; keys are never 0. */
  public void addKey(long key) {
    if (sketch != null) {
      sketch.update(key);
    } else if (exact.add(key) && exact.size() > EXACT_LIMIT) {
      toSketch();
    }
  }

  /** Adds every address counted by another counter. */
  public void merge(DistinctCounter other) {
    if (other.sketch == null) {
      for (long key : other.exact.toArray()) {
        addKey(key);
      }
      return;
    }
    if (sketch == null) {
      toSketch();
    }
    Union union = new Union(LG_K);
    union.update(sketch);
    union.update(other.sketch);
    sketch = union.getResult(TgtHllType.HLL_8);
  }

  /** The count: exact while {@link #isExact}, otherwise the sketch's estimate rounded. */
  public long estimate() {
    return sketch == null ? exact.size() : Math.round(sketch.getEstimate());
  }

  /** Whether {@link #estimate} is exact. */
  public boolean isExact() {
    return sketch == null;
  }

  /** The serialized form described on the class. */
  public byte[] toBytes() {
    if (sketch != null) {
      byte[] image = sketch.toCompactByteArray();
      byte[] out = new byte[image.length + 1];
      out[0] = KIND_SKETCH;
      System.arraycopy(image, 0, out, 1, image.length);
      return out;
    }
    long[] keys = exact.toArray();
    Arrays.sort(keys);
    ByteBuffer out = ByteBuffer.allocate(5 + keys.length * 8).order(ByteOrder.BIG_ENDIAN);
    out.put(KIND_EXACT).putInt(keys.length);
    for (long key : keys) {
      out.putLong(key);
    }
    return out.array();
  }

  /**
   * Reads the form written by {@link #toBytes}.
   *
   * @throws IllegalArgumentException naming what is wrong when the bytes are not such a form
   */
  public static DistinctCounter fromBytes(byte[] bytes) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException("distinct counter: empty");
    }
    DistinctCounter counter = new DistinctCounter();
    if (bytes[0] == KIND_EXACT) {
      if (bytes.length < 5) {
        throw new IllegalArgumentException("distinct counter: truncated count");
      }
      ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
      in.get();
      long count = in.getInt() & 0xffff_ffffL;
      if (count > EXACT_LIMIT) {
        throw new IllegalArgumentException("distinct counter: exact count " + count + " too big");
      }
      if (bytes.length != 5 + count * 8) {
        throw new IllegalArgumentException(
            "distinct counter: " + bytes.length + " bytes for " + count + " keys");
      }
      for (long i = 0; i < count; i++) {
        long key = in.getLong();
        if (key == 0 || !counter.exact.add(key)) {
          throw new IllegalArgumentException("distinct counter: zero or repeated key");
        }
      }
      return counter;
    }
    if (bytes[0] == KIND_SKETCH) {
      try {
        HllSketch image = HllSketch.heapify(Arrays.copyOfRange(bytes, 1, bytes.length));
        if (image.getLgConfigK() != LG_K) {
          throw new IllegalArgumentException(
              "distinct counter: sketch lg K " + image.getLgConfigK() + ", expected " + LG_K);
        }
        counter.exact = null;
        counter.sketch =
            image.getTgtHllType() == TgtHllType.HLL_8 ? image : image.copyAs(TgtHllType.HLL_8);
        return counter;
      } catch (SketchesException | IndexOutOfBoundsException | IllegalStateException e) {
        throw new IllegalArgumentException("distinct counter: corrupt sketch: " + e.getMessage());
      }
    }
    throw new IllegalArgumentException("distinct counter: unknown kind " + bytes[0]);
  }

  private void toSketch() {
    HllSketch hll = new HllSketch(LG_K, TgtHllType.HLL_8);
    for (long key : exact.toArray()) {
      hll.update(key);
    }
    sketch = hll;
    exact = null;
  }

  /** The finalizer of SplitMix64: a bijection that spreads every input bit over the output. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

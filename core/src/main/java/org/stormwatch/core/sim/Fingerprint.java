package org.stormwatch.core.sim;

import org.stormwatch.core.model.Protocol;

/**
 * What sets an outbreak's packets apart from the background: the thing an explainer should find.
 * Background TCP sources use the TTLs, IP lengths and windows of common stacks and scanners (see
 * {@link SourceStacks}); an outbreak's band is narrower.
 */
public sealed interface Fingerprint {
  /** The transport this fingerprint needs. */
  Protocol protocol();

  /** A short name for the truth file: {@code nbns-forged-lookup}, {@code tcp-syn}, ... */
  String kind();

  /**
   * The forged NBNS lookups of 2002 (domain.md): UDP to port 137, a wildcard NBSTAT request with
   * the broadcast flag, to a unicast target, from a source port of 1025 to 5000 (Windows' ephemeral
   * range of the time), TTL 100 to 120 (Windows' 128 less the hops).
   */
  record NbnsForgedLookup() implements Fingerprint {
    public static final int SOURCE_PORT_LOW = 1025;
    public static final int SOURCE_PORT_HIGH = 5000;
    public static final int TTL_LOW = 100;
    public static final int TTL_HIGH = 120;

    @Override
    public Protocol protocol() {
      return Protocol.UDP;
    }

    @Override
    public String kind() {
      return "nbns-forged-lookup";
    }
  }

  /**
   * A worm's TCP SYN: TTL in {@code [ttlLow, ttlHigh]}, a fixed IP total length (40, or more with
   * TCP options: a multiple of 4 up to 60) and window.
   */
  record TcpSyn(int ttlLow, int ttlHigh, int ipLength, int window) implements Fingerprint {
    public TcpSyn {
      checkTtl(ttlLow, ttlHigh);
      if (ipLength < 40 || ipLength > 60 || ipLength % 4 != 0) {
        throw new IllegalArgumentException(
            "TCP SYN IP length must be 40 to 60 in steps of 4, not " + ipLength);
      }
      if (window < 0 || window > 0xffff) {
        throw new IllegalArgumentException("window out of range 0..65535: " + window);
      }
    }

    @Override
    public Protocol protocol() {
      return Protocol.TCP;
    }

    @Override
    public String kind() {
      return "tcp-syn";
    }
  }

  /**
   * A worm's UDP datagram: TTL in {@code [ttlLow, ttlHigh]}, a payload of fixed length (the same
   * bytes in every datagram, drawn from the scenario's seed).
   */
  record UdpDatagram(int ttlLow, int ttlHigh, int payloadLength) implements Fingerprint {
    public UdpDatagram {
      checkTtl(ttlLow, ttlHigh);
      if (payloadLength < 0 || payloadLength > 1472) {
        throw new IllegalArgumentException(
            "UDP payload length out of range 0..1472: " + payloadLength);
      }
    }

    @Override
    public Protocol protocol() {
      return Protocol.UDP;
    }

    @Override
    public String kind() {
      return "udp-datagram";
    }
  }

  private static void checkTtl(int low, int high) {
    if (low < 1 || high > 255 || low > high) {
      throw new IllegalArgumentException("TTL band must lie in 1..255, not " + low + ".." + high);
    }
  }
}

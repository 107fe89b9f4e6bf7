package org.stormwatch.core.sim;

/**
 * What a background source's TCP SYNs look like, fixed per source as a host's stack is: the initial
 * TTL less 4 to 27 hops, the IP total length (the SYN's TCP options) and the window. Four stacks,
 * chosen by a hash of the source number: Windows XP (TTL 128, 48 bytes, 65535), Windows 2000 (128,
 * 48, 16384), Linux 2.4 (64, 60, 5840) and a scanning tool (64, 44, 1024). Outbreaks set their own
 * fingerprint; these only make the background varied and stable per source.
 */
final class SourceStacks {
  private static final int[] INITIAL_TTL = {128, 128, 64, 64};
  private static final int[] IP_LENGTH = {48, 48, 60, 44};
  private static final int[] WINDOW = {65_535, 16_384, 5_840, 1_024};

  private SourceStacks() {}

  static int ttl(long source) {
    long h = mix(source);
    return INITIAL_TTL[stack(h)] - 4 - (int) ((h >>> 8) % 24);
  }

  static int ipLength(long source) {
    return IP_LENGTH[stack(mix(source))];
  }

  static int window(long source) {
    return WINDOW[stack(mix(source))];
  }

  private static int stack(long h) {
    return (int) (h & 3);
  }

  /** SplitMix64's finaliser: a good hash of a counter. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
    return (z ^ (z >>> 31)) >>> 1;
  }
}

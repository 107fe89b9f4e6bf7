package org.stormwatch.core.sim;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Locale;
import org.stormwatch.core.capture.CaptureWriter;
import org.stormwatch.core.capture.PcapWriter;
import org.stormwatch.core.capture.PcapngWriter;
import org.stormwatch.core.decode.LinkTypes;
import org.stormwatch.core.logs.DshieldLogWriter;
import org.stormwatch.core.logs.NetfilterLogWriter;

/**
 * Writes simulated probes in one of the formats Stormwatch reads: pcap or pcapng (Ethernet frames
 * with the payload, microsecond stamps), netfilter LOG lines with RFC 3339 stamps (so the year is
 * kept) or legacy DShield lines (whole seconds, UTC). Each format reads back to the same port
 * report. An I/O error while writing is thrown as an {@link UncheckedIOException}. Not thread-safe.
 */
public final class SimulationWriter implements SimulationSink, Closeable {
  /** The output formats. */
  public enum Format {
    PCAP,
    PCAPNG,
    NETFILTER,
    DSHIELD;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the value and the formats when it is none of them
     */
    public static Format parse(String text) {
      for (Format f : values()) {
        if (f.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "unknown format '" + text + "' (expected pcap, pcapng, netfilter or dshield)");
    }
  }

  private final CaptureWriter capture;
  private final FrameEncoder frames;
  private final Writer text;
  private final NetfilterLogWriter netfilter;
  private final DshieldLogWriter dshield;

  /** Opens a writer over the stream (which it closes on {@link #close}). */
  public SimulationWriter(Format format, OutputStream out) throws IOException {
    switch (format) {
      case PCAP:
      case PCAPNG:
        capture =
            format == Format.PCAP
                ? new PcapWriter(out, LinkTypes.ETHERNET)
                : new PcapngWriter(out, LinkTypes.ETHERNET);
        frames = new FrameEncoder();
        text = null;
        netfilter = null;
        dshield = null;
        break;
      default:
        capture = null;
        frames = null;
        text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII), 1 << 16);
        netfilter =
            format == Format.NETFILTER
                ? new NetfilterLogWriter(
                    text, NetfilterLogWriter.Stamp.RFC3339, ZoneOffset.UTC, "sensor", "DROP")
                : null;
        dshield = format == Format.DSHIELD ? new DshieldLogWriter(text, "0") : null;
        break;
    }
  }

  @Override
  public void accept(SimulatedProbe p) {
    try {
      if (capture != null) {
        int length = frames.encode(p);
        capture.write(p.probe().timeNanos(), frames.buffer(), 0, length, length);
      } else if (netfilter != null) {
        netfilter.write(p.probe());
      } else {
        dshield.write(p.probe());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    if (capture != null) {
      capture.close();
    } else {
      text.close();
    }
  }
}

package org.stormwatch.core.capture;

import java.io.Closeable;
import java.io.IOException;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.ReadStats;

/**
 * Streams the packets of one capture. Truncated and corrupt records are counted in {@link
 * ReadStats} and reading goes on where the framing allows; an {@link InputException} means the
 * capture could not be read at all.
 */
public interface CaptureReader extends Closeable {
  /** The format's name, {@code pcap} or {@code pcapng}. */
  String format();

  /**
   * Reads every packet to the end.
   *
   * @return the number of packets handed to the sink
   */
  long read(PacketSink sink, ReadStats stats) throws IOException, InputException;
}

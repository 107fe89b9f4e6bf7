package org.stormwatch.core.capture;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import org.stormwatch.core.input.InputException;

/** Opens pcap and pcapng captures, telling them apart by their first four bytes. */
public final class Captures {
  private Captures() {}

  /** Whether the first four bytes of an input are a pcap or pcapng magic number. */
  public static boolean isCapture(byte[] first, int length) {
    if (length < 4) {
      return false;
    }
    long magic =
        ((first[0] & 0xffL) << 24)
            | ((first[1] & 0xffL) << 16)
            | ((first[2] & 0xffL) << 8)
            | (first[3] & 0xffL);
    return magic == 0xa1b2c3d4L
        || magic == 0xd4c3b2a1L
        || magic == 0xa1b23c4dL
        || magic == 0x4d3cb2a1L
        || magic == PcapngReader.SHB_TYPE;
  }

  /**
   * Opens a capture whose channel stands at its first byte.
   *
   * @param name the file name for messages
   * @throws InputException when the input is no pcap or pcapng capture, or its header is corrupt
   */
  public static CaptureReader open(String name, ReadableByteChannel channel)
      throws IOException, InputException {
    ByteInput in = new ByteInput(channel);
    if (!in.ensure(4)) {
      in.close();
      throw new InputException(
          name + ": empty or too short to be a capture (" + in.available() + " bytes)");
    }
    byte[] first = {
      in.array()[in.position()],
      in.array()[in.position() + 1],
      in.array()[in.position() + 2],
      in.array()[in.position() + 3]
    };
    if (!isCapture(first, 4)) {
      in.close();
      throw new InputException(name + ": not a pcap or pcapng capture");
    }
    try {
      return first[0] == 0x0A && first[1] == 0x0D
          ? PcapngReader.open(name, in)
          : PcapReader.open(name, in);
    } catch (InputException | RuntimeException e) {
      in.close();
      throw e;
    }
  }
}

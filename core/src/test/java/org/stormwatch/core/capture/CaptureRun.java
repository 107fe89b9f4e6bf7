package org.stormwatch.core.capture;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.ReadStats;

/** Reads capture bytes through {@link Captures#open} and keeps every packet and the statistics. */
final class CaptureRun {
  /** One packet as the reader handed it to the sink (bytes copied). */
  record Packet(int linkType, long timeNanos, byte[] data, int originalLength, long recordOffset) {
    @Override
    public String toString() {
      return "Packet[link "
          + linkType
          + ", time "
          + timeNanos
          + ", "
          + data.length
          + " bytes, original "
          + originalLength
          + ", at "
          + recordOffset
          + "]";
    }
  }

  final List<Packet> packets = new ArrayList<>();
  final ReadStats stats = new ReadStats();
  String format;
  long returned;

  static CaptureRun read(byte[] capture) throws IOException, InputException {
    CaptureRun run = new CaptureRun();
    try (CaptureReader reader =
        Captures.open("test", Channels.newChannel(new ByteArrayInputStream(capture)))) {
      run.format = reader.format();
      run.returned =
          reader.read(
              (linkType, time, data, offset, length, original, recordOffset) ->
                  run.packets.add(
                      new Packet(
                          linkType,
                          time,
                          Arrays.copyOfRange(data, offset, offset + length),
                          original,
                          recordOffset)),
              run.stats);
    }
    return run;
  }

  /** Packets delivered plus malformed framing records: what a probe reader would count as units. */
  long units() {
    return packets.size() + stats.units();
  }

  List<Long> times() {
    return packets.stream().map(Packet::timeNanos).toList();
  }
}

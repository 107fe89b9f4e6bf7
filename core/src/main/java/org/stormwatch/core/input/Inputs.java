package org.stormwatch.core.input;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.zip.GZIPInputStream;
import org.stormwatch.core.capture.CaptureReader;
import org.stormwatch.core.capture.Captures;
import org.stormwatch.core.capture.PacketSink;
import org.stormwatch.core.logs.LogInputs;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.ProbeSink;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.nbns.NbnsFeatures;
import org.stormwatch.core.nbns.NbnsFingerprint;
import org.stormwatch.core.probe.CaptureProbeReader;
import org.stormwatch.core.probe.ContactListener;
import org.stormwatch.core.probe.ProbeClassifier;

/**
 * Reads one input of any supported kind, named by its path or {@code -} for standard input. The
 * kind is told from the content, not the name: gzip is unpacked transparently, then the first bytes
 * decide between pcap and pcapng, and anything else goes to the log formats' detection ({@link
 * LogInputs}).
 */
public final class Inputs {
  public static final String STDIN = "-";
  private static final int BUFFER = 1 << 16;

  private final ProbeClassifier classifier;
  private final InputOptions options;

  /**
   * One instance reads the inputs of one run in order, keeping the state that spans them (a UDP
   * reply in the next file of a rotated capture is still a reply). Not thread-safe.
   */
  public Inputs(InputOptions options) {
    this.classifier = new ProbeClassifier(options.sensor());
    this.options = options;
  }

  /** Reads one input on its own. */
  public static void read(String input, InputOptions options, ProbeSink sink, ReadStats stats)
      throws InputException {
    new Inputs(options).read(input, sink, stats);
  }

  /**
   * Reads the input to its end, handing every probe to the sink and counting everything read.
   *
   * @throws InputException with a one-line message naming the input when it cannot be read at all
   */
  public void read(String input, ProbeSink sink, ReadStats stats) throws InputException {
    read(input, sink, null, stats);
  }

  /**
   * Like {@link #read(String, ProbeSink, ReadStats)}, and tells the listener of the replies in
   * captures too (logs have none), in input order with the probes.
   */
  public void read(String input, ContactListener contacts, ReadStats stats) throws InputException {
    read(input, contacts::probe, contacts, stats);
  }

  private void read(String input, ProbeSink sink, ContactListener replies, ReadStats stats)
      throws InputException {
    open(
        input,
        stats,
        (name, capture) ->
            new CaptureProbeReader(name, capture, classifier, replies).read(sink, stats),
        (name, in, modified) -> {
          ProbeReader log = LogInputs.open(name, in, options.logs().withFileModified(modified));
          log.read(withSensorAndNbnsLengths(sink), stats);
        });
  }

  /**
   * Log probes name the run's sensor, and a UDP probe to port 137 gets the weak NBNS feature its
   * lengths allow (a log line has no payload to decode).
   */
  private ProbeSink withSensorAndNbnsLengths(ProbeSink sink) {
    String sensor = options.sensor();
    return new ProbeSink() {
      @Override
      public void accept(Probe probe) {
        Probe p = sensor.isEmpty() || !probe.sensor().isEmpty() ? probe : probe.withSensor(sensor);
        if (p.dstPort() == NbnsFingerprint.NBNS_PORT
            && p.protocol() == Protocol.UDP
            && p.features() == null) {
          NbnsFeatures nbns =
              NbnsFingerprint.ofLengths(
                  Protocol.UDP, p.srcPort(), p.dstHi(), p.dstLo(), p.dstPort(), -1, p.ipLength());
          if (nbns != null) {
            p = p.withFeatures(nbns);
          }
        }
        sink.accept(p);
      }

      /** Passed on as fields when neither a sensor nor an NBNS feature is to be added. */
      @Override
      public void acceptFields(
          long timeNanos,
          long srcHi,
          long srcLo,
          int srcPort,
          long dstHi,
          long dstLo,
          int dstPort,
          Protocol protocol,
          int tcpFlags,
          int ipLength,
          int ttl) {
        if (sensor.isEmpty()
            && (dstPort != NbnsFingerprint.NBNS_PORT || protocol != Protocol.UDP)) {
          sink.acceptFields(
              timeNanos, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort, protocol, tcpFlags, ipLength,
              ttl);
        } else {
          accept(
              new Probe(
                  timeNanos, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort, protocol, tcpFlags,
                  ipLength, ttl, "", null));
        }
      }
    };
  }

  /** What to do with a log once it is open and is no capture. */
  private interface LogConsumer {
    void consume(String name, InputStream in, Instant modified) throws IOException, InputException;
  }

  /**
   * Reads the packets of a capture (gzip-compressed or not, or standard input), without turning
   * them into probes: for commands that look at packets themselves.
   *
   * @param sinkFactory makes the packet sink for an input, given the input's display name
   * @throws InputException when the input cannot be read, or is no capture
   */
  public static void readPackets(
      String input, ReadStats stats, java.util.function.Function<String, PacketSink> sinkFactory)
      throws InputException {
    new Inputs(InputOptions.defaults())
        .open(
            input,
            stats,
            (name, capture) -> capture.read(sinkFactory.apply(name), stats),
            (name, in, modified) -> {
              throw new InputException(name + ": not a pcap or pcapng capture");
            });
  }

  /** What to do with a capture once it is open. */
  private interface CaptureConsumer {
    void consume(String name, CaptureReader capture) throws IOException, InputException;
  }

  private void open(String input, ReadStats stats, CaptureConsumer consumer, LogConsumer logs)
      throws InputException {
    String name = input.equals(STDIN) ? "<stdin>" : input;
    try {
      if (input.equals(STDIN)) {
        readStream(name, System.in, false, consumer, logs, Instant.now(), stats);
        return;
      }
      Path path = Path.of(input);
      if (Files.isDirectory(path)) {
        throw new InputException(name + ": is a directory");
      }
      try (InputStream raw = Files.newInputStream(path)) {
        byte[] head = new byte[4];
        int n = raw.readNBytes(head, 0, 4);
        if (n == 0) {
          throw new InputException(name + ": empty file");
        }
        if (Captures.isCapture(head, n)) {
          // A plain capture file: read the channel directly, without stream copies.
          try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            readCapture(name, channel, consumer);
          }
          stats.fileOpened();
          return;
        }
      }
      try (InputStream raw = Files.newInputStream(path)) {
        readStream(
            name, raw, true, consumer, logs, Files.getLastModifiedTime(path).toInstant(), stats);
      }
    } catch (NoSuchFileException e) {
      throw new InputException(name + ": no such file");
    } catch (AccessDeniedException e) {
      throw new InputException(name + ": permission denied");
    } catch (IOException e) {
      throw new InputException(name + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static void readStream(
      String name,
      InputStream raw,
      boolean closeable,
      CaptureConsumer consumer,
      LogConsumer logs,
      Instant modified,
      ReadStats stats)
      throws IOException, InputException {
    BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
    byte[] head = peek(in);
    EndTolerantInputStream gzip = null;
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      gzip = new EndTolerantInputStream(new GZIPInputStream(in, BUFFER));
      in = new BufferedInputStream(gzip, BUFFER);
      head = peek(in);
    }
    if (head.length == 0) {
      throw new InputException(
          name + ": empty " + (gzip == null ? "input" : "after decompression"));
    }
    if (Captures.isCapture(head, head.length)) {
      readCapture(name, Channels.newChannel(in), consumer);
    } else {
      logs.consume(name, in, modified);
    }
    stats.fileOpened();
    if (gzip != null && gzip.problem() != null) {
      stats.malformed(name, "damaged compressed data", gzip.problem());
      stats.warn(name + ": " + gzip.problem() + "; the records before it were read");
    }
    if (!closeable) {
      return;
    }
    in.close();
  }

  private static void readCapture(
      String name, ReadableByteChannel channel, CaptureConsumer consumer)
      throws IOException, InputException {
    try (CaptureReader capture = Captures.open(name, channel)) {
      consumer.consume(name, capture);
    }
  }

  private static byte[] peek(BufferedInputStream in) throws IOException {
    in.mark(8);
    byte[] head = in.readNBytes(4);
    in.reset();
    return head;
  }
}

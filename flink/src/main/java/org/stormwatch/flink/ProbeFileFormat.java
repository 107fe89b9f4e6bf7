package org.stormwatch.flink;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stormwatch.core.codec.ProbeCodec;
import org.stormwatch.core.codec.ProbeDecodeException;
import org.stormwatch.core.model.Probe;

/**
 * Files of encoded probes for a backfill: each record an unsigned 16-bit big-endian length, then
 * that many bytes of {@link ProbeCodec}'s record (written by {@link ProbeFiles}). A record cut
 * short at the end of the file (a writer that died) ends the file with one warning naming the
 * offset; a corrupt record stops the job with its offset and what is wrong.
 */
final class ProbeFileFormat extends SimpleStreamFormat<Probe> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ProbeFileFormat.class);

  @Override
  public StreamFormat.Reader<Probe> createReader(Configuration config, FSDataInputStream stream) {
    DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
    return new StreamFormat.Reader<>() {
      private long offset;

      @Override
      public Probe read() throws IOException {
        int length;
        try {
          length = in.readUnsignedShort();
        } catch (EOFException end) {
          return null;
        }
        byte[] record = new byte[length];
        try {
          in.readFully(record);
        } catch (EOFException cut) {
          LOG.warn("encoded probe file: last record at offset {} cut short, ignored", offset);
          return null;
        }
        try {
          Probe p = ProbeCodec.decode(record);
          offset += 2 + length;
          return p;
        } catch (ProbeDecodeException e) {
          throw new IOException(
              "encoded probe file: record at offset " + offset + ": " + e.getMessage(), e);
        }
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  @Override
  public TypeInformation<Probe> getProducedType() {
    return Codecs.PROBE;
  }
}

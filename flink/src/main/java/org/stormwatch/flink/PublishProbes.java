package org.stormwatch.flink;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.stormwatch.core.codec.ProbeCodec;

/**
 * Publishes a file of encoded probes (from {@link ProbeFiles}) to a Kafka topic, one record per
 * probe, as sensors would; for trying the job without a collector. Checks every record first.
 *
 * <pre>
 * java -cp "stormwatch-flink.jar:$FLINK_HOME/lib/*" org.stormwatch.flink.PublishProbes BOOTSTRAP TOPIC FILE
 * </pre>
 *
 * <p>Flink's jars (a distribution's {@code lib/}) give the logging API the jar leaves out.
 */
public final class PublishProbes {
  private PublishProbes() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: PublishProbes BOOTSTRAP TOPIC FILE.probes");
      System.exit(2);
    }
    Properties p = new Properties();
    p.put("bootstrap.servers", args[0]);
    p.put("acks", "all");
    p.put("linger.ms", "20");
    p.put("compression.type", "lz4");
    long sent = 0;
    long offset = 0;
    try (DataInputStream in =
            new DataInputStream(
                new BufferedInputStream(Files.newInputStream(Path.of(args[2])), 1 << 16));
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      while (true) {
        int length;
        try {
          length = in.readUnsignedShort();
        } catch (EOFException end) {
          break;
        }
        byte[] record = new byte[length];
        in.readFully(record);
        try {
          ProbeCodec.decode(record);
        } catch (IllegalArgumentException e) {
          System.err.println(args[2] + ": record at offset " + offset + ": " + e.getMessage());
          System.exit(1);
        }
        producer.send(new ProducerRecord<>(args[1], record));
        offset += 2 + length;
        sent++;
      }
      producer.flush();
    } catch (EOFException cut) {
      System.err.println(args[2] + ": last record at offset " + offset + " cut short, not sent");
    }
    System.err.printf("%,d probes sent to %s%n", sent, args[1]);
  }
}

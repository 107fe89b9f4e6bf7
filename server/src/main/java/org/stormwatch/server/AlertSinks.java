package org.stormwatch.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.store.Delivery;

/**
 * Where new alerts go: a webhook (HTTP POST of the alert's JSON, with an {@code Idempotency-Key}
 * header naming the alert, so that a receiver can drop a repeat), a JSON Lines file (appended and
 * forced to disk), and/or syslog over UDP as RFC 5424 messages (facility local0, severity warning,
 * MSGID {@code alert}, no structured data; the message is the summary, a tab, then the alert's
 * JSON). Each sink has a name, under which the outbox queues its deliveries; {@link #deliver} makes
 * one attempt and says why it failed.
 */
final class AlertSinks {
  static final String WEBHOOK = "webhook";
  static final String JSONL = "jsonl";
  static final String SYSLOG = "syslog";

  private static final int LOCAL0_WARNING = 16 * 8 + 4;

  private final URI webhook;
  private final Path jsonl;
  private final InetSocketAddress syslog;
  private final HttpClient http;

  AlertSinks(URI webhook, Path jsonl, InetSocketAddress syslog) {
    this.webhook = webhook;
    this.jsonl = jsonl;
    this.syslog = syslog;
    this.http =
        webhook == null
            ? null
            : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The names of the configured sinks. */
  List<String> names() {
    List<String> out = new ArrayList<>();
    if (webhook != null) {
      out.add(WEBHOOK);
    }
    if (jsonl != null) {
      out.add(JSONL);
    }
    if (syslog != null) {
      out.add(SYSLOG);
    }
    return out;
  }

  /** The text queued for every sink: the alert as {@code detect --format jsonl} writes it. */
  static String payload(Alert a) {
    return org.stormwatch.core.detect.AlertJson.of(a);
  }

  /**
   * One attempt to deliver to the delivery's sink.
   *
   * @throws IOException saying why it failed (the attempt may be repeated)
   */
  void deliver(Delivery d) throws IOException {
    switch (d.sink()) {
      case WEBHOOK -> post(d);
      case JSONL ->
          Files.writeString(
              jsonl,
              d.payload() + "\n",
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND,
              StandardOpenOption.SYNC);
      case SYSLOG -> syslog(d.summary(), d.payload());
      default -> throw new IOException("no sink named '" + d.sink() + "' is configured");
    }
  }

  private void post(Delivery d) throws IOException {
    HttpResponse<Void> r;
    try {
      r =
          http.send(
              HttpRequest.newBuilder(webhook)
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .header("Idempotency-Key", d.alertId())
                  .POST(HttpRequest.BodyPublishers.ofString(d.payload()))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(webhook + ": interrupted", e);
    }
    if (r.statusCode() / 100 != 2) {
      throw new IOException(webhook + ": HTTP " + r.statusCode());
    }
  }

  /** RFC 5424: {@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG}. */
  private void syslog(String summary, String line) throws IOException {
    String msg =
        "<"
            + LOCAL0_WARNING
            + ">1 "
            + Instant.now()
            + " "
            + hostName()
            + " stormwatch "
            + ProcessHandle.current().pid()
            + " alert - "
            + summary
            + "\t"
            + line;
    byte[] b = msg.getBytes(StandardCharsets.UTF_8);
    InetSocketAddress to =
        syslog.isUnresolved()
            ? new InetSocketAddress(syslog.getHostString(), syslog.getPort())
            : syslog;
    try (DatagramSocket s = new DatagramSocket()) {
      s.send(new DatagramPacket(b, b.length, to));
    }
  }

  private static String hostName() {
    try {
      String h = java.net.InetAddress.getLocalHost().getHostName();
      return h.isEmpty() ? "-" : h.replace(' ', '_');
    } catch (IOException e) {
      return "-";
    }
  }
}

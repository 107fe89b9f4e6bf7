package org.stormwatch.core.sim;

import org.stormwatch.core.model.Protocol;

/** A destination port and its transport, as the port report keys them: {@code 137/udp}. */
public record ServicePort(int port, Protocol protocol) {
  public ServicePort {
    if (port < 0 || port > 0xffff) {
      throw new IllegalArgumentException("port out of range 0..65535: " + port);
    }
    if (protocol != Protocol.TCP && protocol != Protocol.UDP) {
      throw new IllegalArgumentException("simulated ports are tcp or udp, not " + protocol);
    }
  }

  public static ServicePort tcp(int port) {
    return new ServicePort(port, Protocol.TCP);
  }

  public static ServicePort udp(int port) {
    return new ServicePort(port, Protocol.UDP);
  }

  @Override
  public String toString() {
    return port + "/" + protocol.label();
  }
}

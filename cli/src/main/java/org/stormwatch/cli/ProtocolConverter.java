package org.stormwatch.cli;

import org.stormwatch.core.model.Protocol;
import picocli.CommandLine.ITypeConverter;

final class ProtocolConverter implements ITypeConverter<Protocol> {
  @Override
  public Protocol convert(String value) {
    return Protocol.parse(value);
  }
}

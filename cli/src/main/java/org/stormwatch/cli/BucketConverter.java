package org.stormwatch.cli;

import org.stormwatch.core.aggregate.BucketSize;
import picocli.CommandLine.ITypeConverter;

final class BucketConverter implements ITypeConverter<BucketSize> {
  @Override
  public BucketSize convert(String value) {
    return BucketSize.parse(value);
  }
}

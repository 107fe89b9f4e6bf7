package org.stormwatch.flink;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/** How one type of job record or state is written to bytes and read back; no Flink types. */
interface Codec<T> extends Serializable {
  void write(T value, DataOutput out) throws IOException;

  T read(DataInput in) throws IOException;

  Class<T> type();
}

package org.stormwatch.flink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;

/**
 * A test sink that keeps the latest value per key, as the job's outputs require of a sink (a row
 * re-emitted after a late probe or a restore replaces the earlier one). Values live in a static map
 * under the sink's name: the MiniCluster runs in the test's JVM.
 */
final class CollectingSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, Map<String, Object>> VALUES = new ConcurrentHashMap<>();
  private static final Map<String, AtomicLong> WRITES = new ConcurrentHashMap<>();

  private final String name;
  private final SerializableFunction<T, String> key;

  CollectingSink(String name, SerializableFunction<T, String> key) {
    this.name = name;
    this.key = key;
    VALUES.put(name, new ConcurrentHashMap<>());
    WRITES.put(name, new AtomicLong());
  }

  @SuppressWarnings("unchecked")
  Map<String, T> values() {
    return (Map<String, T>) (Map<String, ?>) VALUES.get(name);
  }

  long writes() {
    return WRITES.get(name).get();
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    Map<String, Object> values = VALUES.get(name);
    AtomicLong writes = WRITES.get(name);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context c) {
        values.put(key.apply(element), element);
        writes.incrementAndGet();
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}

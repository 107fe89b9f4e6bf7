package org.stormwatch.flink;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink type information for a type written by a {@link Codec}: the job's records and state go
 * through our own versioned layouts, not through Kryo, so checkpoints do not depend on how Kryo
 * sees records, immutable lists or DataSketches' internals. Values are treated as immutable on the
 * wire ({@code copy} returns the same object); mutable state (accumulators) is copied by a round
 * trip.
 */
final class CodecTypeInfo<T> extends TypeInformation<T> {
  private static final long serialVersionUID = 1L;

  private final Codec<T> codec;
  private final boolean immutable;

  CodecTypeInfo(Codec<T> codec, boolean immutable) {
    this.codec = codec;
    this.immutable = immutable;
  }

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<T> getTypeClass() {
    return codec.type();
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return new Serializer<>(codec, immutable);
  }

  @Override
  public String toString() {
    return "Codec(" + codec.type().getSimpleName() + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CodecTypeInfo
        && ((CodecTypeInfo<?>) o).codec.getClass() == codec.getClass()
        && ((CodecTypeInfo<?>) o).immutable == immutable;
  }

  @Override
  public int hashCode() {
    return codec.getClass().hashCode();
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof CodecTypeInfo;
  }

  static final class Serializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final Codec<T> codec;
    private final boolean immutable;

    Serializer(Codec<T> codec, boolean immutable) {
      this.codec = codec;
      this.immutable = immutable;
    }

    @Override
    public boolean isImmutableType() {
      return immutable;
    }

    @Override
    public TypeSerializer<T> duplicate() {
      return this;
    }

    @Override
    public T createInstance() {
      return null;
    }

    @Override
    public T copy(T from) {
      if (immutable || from == null) {
        return from;
      }
      try {
        org.apache.flink.core.memory.DataOutputSerializer out =
            new org.apache.flink.core.memory.DataOutputSerializer(256);
        codec.write(from, out);
        return codec.read(
            new org.apache.flink.core.memory.DataInputDeserializer(
                out.getSharedBuffer(), 0, out.length()));
      } catch (IOException e) {
        throw new IllegalStateException("cannot copy " + codec.type().getSimpleName(), e);
      }
    }

    @Override
    public T copy(T from, T reuse) {
      return copy(from);
    }

    @Override
    public int getLength() {
      return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
      codec.write(record, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
      return codec.read(source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
      return codec.read(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
      codec.write(codec.read(source), target);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Serializer
          && ((Serializer<?>) o).codec.getClass() == codec.getClass()
          && ((Serializer<?>) o).immutable == immutable;
    }

    @Override
    public int hashCode() {
      return codec.getClass().hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
      return new Snapshot<>(this);
    }
  }

  /**
   * Names the codec class (and mutability) so that a restored job finds the same codec; the layout
   * version lives inside each codec's records.
   */
  public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
    private Serializer<T> serializer;

    public Snapshot() {}

    Snapshot(Serializer<T> serializer) {
      this.serializer = serializer;
    }

    @Override
    public int getCurrentVersion() {
      return 1;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      out.writeUTF(serializer.codec.getClass().getName());
      out.writeBoolean(serializer.immutable);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void readSnapshot(int version, DataInputView in, ClassLoader loader) throws IOException {
      String name = in.readUTF();
      boolean immutable = in.readBoolean();
      try {
        java.lang.reflect.Constructor<?> made =
            Class.forName(name, true, loader).getDeclaredConstructor();
        made.setAccessible(true);
        serializer = new Serializer<>((Codec<T>) made.newInstance(), immutable);
      } catch (ReflectiveOperationException e) {
        throw new IOException("cannot restore codec " + name, e);
      }
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
      return serializer;
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
        TypeSerializerSnapshot<T> old) {
      return old instanceof Snapshot && serializer.equals(((Snapshot<T>) old).serializer)
          ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.incompatible();
    }
  }
}

package org.stormwatch.core.input;

import java.io.IOException;
import org.stormwatch.core.model.ProbeSink;

/**
 * Reads one opened input (a capture or a log) and hands each probe to a sink, counting everything
 * it read in {@link ReadStats}. Malformed records are counted, never thrown; an {@link
 * InputException} means the input as a whole cannot be read (not a capture, unreadable).
 */
public interface ProbeReader {
  void read(ProbeSink sink, ReadStats stats) throws IOException, InputException;
}

package org.stormwatch.core.nbns;

/** What decoding one NBNS message came to: a message, or the reason it is malformed. */
public sealed interface NbnsDecodeResult {

  /** The header, or null when even the header was incomplete. */
  NbnsHeader header();

  /**
   * A whole message.
   *
   * @param length the bytes the message used; any bytes after it were ignored
   */
  record Decoded(NbnsMessage message, int length) implements NbnsDecodeResult {
    @Override
    public NbnsHeader header() {
      return message.header();
    }
  }

  /**
   * A malformed message.
   *
   * @param offset where the defect was found, from the start of the message
   * @param detail what exactly was wrong, one line
   * @param partial what was decoded before the defect, or null when the header was incomplete
   */
  record Malformed(NbnsMalformed reason, int offset, String detail, NbnsMessage partial)
      implements NbnsDecodeResult {
    @Override
    public NbnsHeader header() {
      return partial == null ? null : partial.header();
    }

    @Override
    public String toString() {
      return "malformed NBNS: " + reason.phrase() + " at offset " + offset + " (" + detail + ")";
    }
  }
}

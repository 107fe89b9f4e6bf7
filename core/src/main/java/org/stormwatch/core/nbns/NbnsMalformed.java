package org.stormwatch.core.nbns;

/**
 * Why a message could not be decoded. {@link #truncated()} tells "the data ended too early" from
 * "the data is corrupt"; only the capture layer knows whether bytes were cut by the snap length, so
 * a truncated reason is a hint, not a proof.
 */
public enum NbnsMalformed {
  /** Fewer than 12 bytes. */
  TRUNCATED_HEADER("truncated header", true),
  /** The data ended inside a question. */
  TRUNCATED_QUESTION("truncated question", true),
  /** The data ended inside a resource record (its name, fixed fields or RDATA). */
  TRUNCATED_RECORD("truncated record", true),
  /**
   * The data ends exactly between entries while the header counts more: a datagram arrives whole,
   * so the counts are wrong (a capture cut exactly there is the rare exception).
   */
  COUNT_BEYOND_DATA("count beyond data", false),
  /** A label length byte with the reserved top bits 01 or 10. */
  BAD_LABEL_LENGTH("bad label length", false),
  /** A compression pointer that leads back to where it has been. */
  POINTER_LOOP("pointer loop", false),
  /** A compression pointer past the end of the message. */
  POINTER_OUT_OF_RANGE("pointer out of range", false),
  /** RDATA whose length does not fit its type (NB not a multiple of 6, NBSTAT names beyond it). */
  BAD_RDATA_LENGTH("bad RDATA length", false);

  private final String phrase;
  private final boolean truncated;

  NbnsMalformed(String phrase, boolean truncated) {
    this.phrase = phrase;
    this.truncated = truncated;
  }

  /** A short fixed phrase to count by, e.g. {@code pointer loop}. */
  public String phrase() {
    return phrase;
  }

  /** Whether more bytes could have completed the message (true), or it is corrupt (false). */
  public boolean truncated() {
    return truncated;
  }
}

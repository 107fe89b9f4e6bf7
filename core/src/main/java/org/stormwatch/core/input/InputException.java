package org.stormwatch.core.input;

/**
 * An input that cannot be read as a whole: not a capture or log of a known format, a corrupt file
 * header, an unreadable file. The message is one line for the user and names the file (and the
 * offset or line where it is known).
 */
public class InputException extends Exception {
  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}

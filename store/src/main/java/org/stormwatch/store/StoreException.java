package org.stormwatch.store;

/**
 * The store could not do what was asked: the database cannot be opened or reached, its schema is
 * newer than this code, or a stored value is corrupt. The message is one line naming the database
 * and, for stored data, the table and the row.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

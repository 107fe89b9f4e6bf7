package org.stormwatch.store;

/** The store contract on the embedded DuckDB database of a data directory. */
class DuckDbHistoryTest extends HistoryContract {
  private int n;

  @Override
  StoreLocation freshLocation() {
    return StoreLocation.directory(tmp.resolve("data-" + n++));
  }
}

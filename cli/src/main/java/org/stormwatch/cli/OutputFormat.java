package org.stormwatch.cli;

/** How rows are printed. */
enum OutputFormat {
  table,
  csv,
  jsonl
}

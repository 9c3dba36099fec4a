package io.timefusion.delta;

import java.util.Map;

/**
 * A Parquet data file of the current table version: its store key, partition values, size, and
 * the range of its {@code timestamp} column in microseconds since the epoch (null when the log
 * has no statistics for it), and the key of its lookup sidecar ({@link LookupSidecar}; null when
 * it cannot have one). The range is inclusive and may be wider than the data, never narrower; the
 * sidecar may be missing (files written before sidecars existed).
 */
public record DataFile(
    String key,
    Map<String, String> partitionValues,
    long size,
    Long minTimestampMicros,
    Long maxTimestampMicros,
    String lookupKey) {

  /** The time column whose statistics are kept for pruning. */
  public static final String TIME_COLUMN = "timestamp";
}

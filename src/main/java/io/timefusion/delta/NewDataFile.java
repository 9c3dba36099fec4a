package io.timefusion.delta;

import io.delta.kernel.expressions.Literal;
import java.util.Map;

/**
 * A Parquet file written by a flush and ready to be committed: its key below the table root,
 * partition values, size and per-column statistics (columns without statistics are absent).
 */
public record NewDataFile(
    String relativeKey,
    Map<String, Literal> partitionValues,
    long size,
    long numRecords,
    Map<String, Literal> minValues,
    Map<String, Literal> maxValues,
    Map<String, Long> nullCounts) {}

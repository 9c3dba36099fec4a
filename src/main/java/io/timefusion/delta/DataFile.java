package io.timefusion.delta;

import java.util.Map;

/** A Parquet data file of the current table version: its store key and partition values. */
public record DataFile(String key, Map<String, String> partitionValues, long size) {}

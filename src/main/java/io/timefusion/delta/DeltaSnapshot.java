package io.timefusion.delta;

import java.util.List;

/**
 * One version of a Delta table as readers use it: the live data files and the write-ahead log
 * position whose rows it already contains (-1 when none).
 */
public record DeltaSnapshot(long version, List<DataFile> files, long walSeq) {}

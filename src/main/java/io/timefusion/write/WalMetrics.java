package io.timefusion.write;

/**
 * A snapshot of the write-ahead log's counters since it was opened.
 *
 * @param framesWritten frames written and forced
 * @param bytesWritten frame bytes (headers and payloads) written and forced
 * @param fsyncs forces of segment data; fewer than frames when appenders share a group commit
 * @param sizeOnDisk bytes in all live segment files
 * @param segments live segment files, the active one included
 * @param lastDurableSeq the highest sequence number known durable, 0 when none
 */
public record WalMetrics(
    long framesWritten, long bytesWritten, long fsyncs, long sizeOnDisk, int segments, long lastDurableSeq) {}

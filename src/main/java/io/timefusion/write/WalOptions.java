package io.timefusion.write;

/**
 * Tuning of the write-ahead log.
 *
 * @param segmentBytes a segment is rotated once it holds at least this many bytes (a soft limit:
 *     one write group may overshoot it)
 * @param maxQueuedBytes payload bytes that may wait for the writer; appenders block beyond this
 */
public record WalOptions(long segmentBytes, long maxQueuedBytes) {
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
  public static final long DEFAULT_MAX_QUEUED_BYTES = 64L << 20;

  public WalOptions {
    if (segmentBytes <= 0) throw new IllegalArgumentException("segmentBytes must be > 0");
    if (maxQueuedBytes <= 0) throw new IllegalArgumentException("maxQueuedBytes must be > 0");
  }

  public static WalOptions defaults() {
    return new WalOptions(DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_QUEUED_BYTES);
  }

  public WalOptions withSegmentBytes(long bytes) {
    return new WalOptions(bytes, maxQueuedBytes);
  }

  public WalOptions withMaxQueuedBytes(long bytes) {
    return new WalOptions(segmentBytes, bytes);
  }
}

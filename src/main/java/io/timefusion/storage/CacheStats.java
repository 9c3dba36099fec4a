package io.timefusion.storage;

/** Counters of one cache tier since start-up, as logged and as shown by the {@code timefusion_stats} view. */
public record CacheStats(
    String tier, long hits, long misses, long evictions, long entries, long bytes, long capacityBytes) {

  /** Hits as a fraction of lookups (0 when there were none). */
  public double hitRate() {
    long lookups = hits + misses;
    return lookups == 0 ? 0 : (double) hits / lookups;
  }
}

package io.timefusion.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The memory tier of the cache: small immutable objects (Delta log commits, checkpoints,
 * checksums) with their metadata, bounded in bytes (least recently used evicted first) and
 * expiring after the time to live.
 */
public final class MemoryCache {
  /** An object's bytes and what the store said about it. */
  public record Blob(ObjectStore.ObjectInfo info, byte[] data) {}

  /** Reads a whole object from the store. */
  @FunctionalInterface
  public interface Loader {
    Blob load(String key) throws IOException;
  }

  private final Cache<String, Blob> cache;
  private final long capacityBytes;

  public MemoryCache(long capacityBytes, Duration ttl, Ticker ticker) {
    this.capacityBytes = capacityBytes;
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(capacityBytes)
            .<String, Blob>weigher((k, b) -> (int) Math.min(Integer.MAX_VALUE, b.data().length + k.length() + 64L))
            .expireAfterWrite(ttl)
            .ticker(ticker)
            .executor(Runnable::run)
            .recordStats()
            .build();
  }

  /** The object of {@code key}, loaded through {@code loader} on a miss. */
  public Blob get(String key, Loader loader) throws IOException {
    try {
      return cache.get(
          key,
          k -> {
            try {
              return loader.load(k);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  public void invalidate(String key) {
    cache.invalidate(key);
  }

  public CacheStats stats() {
    var s = cache.stats();
    long weight = cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    return new CacheStats("memory", s.hitCount(), s.missCount(), s.evictionCount(), cache.estimatedSize(), weight, capacityBytes);
  }

  /** Runs pending expirations and evictions now (for the periodic report). */
  public void cleanUp() {
    cache.cleanUp();
  }
}

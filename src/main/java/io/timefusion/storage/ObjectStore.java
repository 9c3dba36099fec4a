package io.timefusion.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one interface to where table bytes live: a local directory or an S3-compatible bucket.
 * Keys are relative, '/'-separated paths below the store's root.
 */
public interface ObjectStore extends AutoCloseable {

  /** Metadata of one stored object. */
  record ObjectInfo(String key, long size, long lastModifiedMillis) {}

  /** The URI a reader outside this process (DuckDB, another Delta reader) uses for a key. */
  String uri(String key);

  /** The path the query engine (DuckDB) reads a key from. */
  String enginePath(String key);

  /** Reverse of {@link #uri}: the key of a URI of this store, or the argument when it already is a key. */
  String keyOf(String uriOrKey);

  Optional<ObjectInfo> stat(String key) throws IOException;

  /** Objects whose key sorts at or after {@code fromKey} within the same parent "directory", sorted by key. */
  List<ObjectInfo> listFrom(String fromKey) throws IOException;

  InputStream open(String key) throws IOException;

  /** Reads {@code length} bytes at {@code position}. */
  byte[] readRange(String key, long position, int length) throws IOException;

  /** Stores an object from a local file (uploaded, or moved into place), replacing any previous object. */
  void putFile(String key, Path source) throws IOException;

  /** Stores bytes, replacing any previous object. */
  void put(String key, byte[] bytes) throws IOException;

  /**
   * Stores bytes only if no object has the key; returns false when one already exists.
   * This is the commit primitive of the Delta log.
   */
  boolean putIfAbsent(String key, byte[] bytes) throws IOException;

  boolean delete(String key) throws IOException;

  /** Keeps objects readable at {@link #enginePath} until closed. */
  interface Lease extends AutoCloseable {
    Lease NONE = () -> {};

    @Override
    void close();

    /** A lease that runs {@code release} on its first close only. */
    static Lease once(Runnable release) {
      java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
      return () -> {
        if (open.compareAndSet(true, false)) release.run();
      };
    }
  }

  /**
   * Makes the objects readable by the query engine at {@link #enginePath} until the lease is
   * closed: a remote store fetches what its local cache lacks (several at a time) and keeps those
   * files from eviction meanwhile. Local files already are readable.
   */
  default Lease materialize(java.util.Collection<String> keys) throws IOException {
    return Lease.NONE;
  }

  /** Counters of the store's cache tiers; empty when the store reads nothing through a cache. */
  default List<CacheStats> cacheStats() {
    return List.of();
  }

  @Override
  default void close() throws IOException {}
}

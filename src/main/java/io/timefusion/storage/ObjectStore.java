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

  @Override
  default void close() throws IOException {}
}

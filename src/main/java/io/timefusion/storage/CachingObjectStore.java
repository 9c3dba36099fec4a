package io.timefusion.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A remote store (S3) behind the two cache tiers: Delta log objects are served from memory after
 * their first read, Parquet data files from local disk, where the query engine reads them. Files
 * this process uploads enter the disk tier as they are written. Everything else passes through.
 */
public final class CachingObjectStore implements ObjectStore {
  private final ObjectStore remote;
  private final MemoryCache memory;
  private final DiskCache disk;
  private final ExecutorService fetchPool;

  /**
   * @param fetchPool runs the downloads of one {@link #materialize} call in parallel; its size is
   *     how many objects are fetched at a time
   */
  public CachingObjectStore(ObjectStore remote, MemoryCache memory, DiskCache disk, ExecutorService fetchPool) {
    this.remote = remote;
    this.memory = memory;
    this.disk = disk;
    this.fetchPool = fetchPool;
  }

  /** Delta log entries other than {@code _last_checkpoint} never change once written. */
  static boolean inMemoryTier(String key) {
    int slash = key.lastIndexOf('/');
    String name = key.substring(slash + 1);
    return key.contains("_delta_log/") && !name.equals("_last_checkpoint") && !name.isEmpty();
  }

  /** Data files (immutable, named uniquely by the writer) go to the disk tier. */
  static boolean inDiskTier(String key) {
    return key.endsWith(".parquet") && !key.contains("_delta_log/");
  }

  @Override
  public String uri(String key) {
    return remote.uri(key);
  }

  @Override
  public String enginePath(String key) {
    return disk.pathOf(keyOf(key)).toString();
  }

  @Override
  public String keyOf(String uriOrKey) {
    return remote.keyOf(uriOrKey);
  }

  private MemoryCache.Blob blob(String key) throws IOException {
    return memory.get(
        key,
        k -> {
          ObjectInfo info = remote.stat(k).orElseThrow(() -> new NoSuchFileException(k));
          try (InputStream in = remote.open(k)) {
            return new MemoryCache.Blob(info, in.readAllBytes());
          }
        });
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws IOException {
    String k = keyOf(key);
    if (inMemoryTier(k)) {
      try {
        return Optional.of(blob(k).info());
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    }
    return remote.stat(k);
  }

  @Override
  public List<ObjectInfo> listFrom(String fromKey) throws IOException {
    return remote.listFrom(fromKey); // listings reveal new log versions: never cached
  }

  @Override
  public InputStream open(String key) throws IOException {
    String k = keyOf(key);
    if (inMemoryTier(k)) return new ByteArrayInputStream(blob(k).data());
    if (inDiskTier(k)) {
      Path local = disk.peek(k);
      if (local != null) {
        try {
          return Files.newInputStream(local);
        } catch (NoSuchFileException evictedMeanwhile) {
          // fall through to the store
        }
      }
    }
    return remote.open(k);
  }

  @Override
  public byte[] readRange(String key, long position, int length) throws IOException {
    String k = keyOf(key);
    if (inMemoryTier(k)) {
      byte[] data = blob(k).data();
      if (position + length > data.length) throw new IOException("short read of " + k);
      return Arrays.copyOfRange(data, (int) position, (int) position + length);
    }
    if (inDiskTier(k)) {
      Path local = disk.peek(k);
      if (local != null) {
        try (FileChannel ch = FileChannel.open(local, StandardOpenOption.READ)) {
          ByteBuffer buf = ByteBuffer.allocate(length);
          while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) throw new IOException("short read of " + k);
          }
          return buf.array();
        } catch (NoSuchFileException evictedMeanwhile) {
          // fall through to the store
        }
      }
    }
    return remote.readRange(k, position, length);
  }

  /** Uploads the file and keeps it in the disk tier: queries read it without downloading it. */
  @Override
  public void putFile(String key, Path source) throws IOException {
    String k = keyOf(key);
    if (inDiskTier(k)) {
      Path keep = source.resolveSibling(source.getFileName() + ".cache");
      try {
        Files.createLink(keep, source);
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(source, keep, StandardCopyOption.REPLACE_EXISTING);
      }
      try {
        remote.putFile(k, source);
        disk.adopt(k, keep); // only once the store has it: a failed upload leaves nothing cached
      } finally {
        Files.deleteIfExists(keep);
      }
    } else {
      remote.putFile(k, source);
    }
  }

  @Override
  public void put(String key, byte[] bytes) throws IOException {
    String k = keyOf(key);
    remote.put(k, bytes);
    memory.invalidate(k);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) throws IOException {
    String k = keyOf(key);
    boolean created = remote.putIfAbsent(k, bytes);
    // a probe of a missing key may have cached "absent" as an error, never as bytes; drop either way
    memory.invalidate(k);
    return created;
  }

  @Override
  public boolean delete(String key) throws IOException {
    String k = keyOf(key);
    boolean existed = remote.delete(k);
    memory.invalidate(k);
    disk.invalidate(k);
    return existed;
  }

  @Override
  public Lease materialize(Collection<String> keys) throws IOException {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(keys.stream().map(this::keyOf).toList()));
    List<Future<?>> pending = new ArrayList<>();
    List<String> pinned = java.util.Collections.synchronizedList(new ArrayList<>());
    Lease lease =
        Lease.once(
            () -> {
              for (String k : pinned) disk.unpin(k);
            });
    try {
      for (String k : distinct) {
        pending.add(
            fetchPool.submit(
                () -> {
                  disk.acquire(k, this::download);
                  pinned.add(k);
                  return null;
                }));
      }
      IOException failure = null;
      for (Future<?> f : pending) {
        try {
          f.get();
        } catch (ExecutionException e) {
          IOException io = e.getCause() instanceof IOException x ? x : new IOException(e.getCause());
          if (failure == null) failure = io;
          else failure.addSuppressed(io);
        }
      }
      if (failure != null) throw failure;
      return lease;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      for (Future<?> f : pending) f.cancel(true);
      lease.close();
      throw new InterruptedIOException("interrupted while fetching data files");
    } catch (IOException | RuntimeException e) {
      for (Future<?> f : pending) {
        try {
          f.get();
        } catch (Exception ignored) {
          // every fetch must end before the pins it took are released
        }
      }
      lease.close();
      throw e;
    }
  }

  private void download(String key, Path target) throws IOException {
    try (InputStream in = remote.open(key)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public List<CacheStats> cacheStats() {
    return List.of(memory.stats(), disk.stats());
  }

  /** Drops expired entries of both tiers (called periodically). */
  public void expire() {
    memory.cleanUp();
    disk.expire();
  }

  @Override
  public void close() throws IOException {
    fetchPool.shutdownNow();
    try {
      remote.close();
    } catch (Exception e) {
      throw e instanceof IOException io ? io : new IOException(e);
    }
  }
}

package io.timefusion.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk tier of the cache: whole immutable objects (Parquet data files) kept as local files
 * under one directory, at the same relative path as their key, so the query engine reads them
 * as local files (Hive partition directories included). Bounded in bytes, least recently used
 * evicted first, entries older than the time to live fetched again. Files a running query uses
 * are pinned and never evicted under it. A restart keeps what is on disk.
 */
public final class DiskCache {
  /** Fetches an object's bytes into {@code target} (a fresh file in the cache's own directory). */
  @FunctionalInterface
  public interface Loader {
    void load(String key, Path target) throws IOException;
  }

  private static final Logger log = LoggerFactory.getLogger(DiskCache.class);
  private static final String INCOMING = "_incoming";

  private static final class Entry {
    final long size;
    final long createdMillis;
    int pins;

    Entry(long size, long createdMillis) {
      this.size = size;
      this.createdMillis = createdMillis;
    }
  }

  private final Path root;
  private final Path incoming;
  private final long capacityBytes;
  private final long ttlMillis;
  private final LongSupplier clock;
  // access order: the eldest entry is the least recently used
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
  private final Map<String, CompletableFuture<Void>> loading = new HashMap<>();
  private long bytes;
  private long hits;
  private long misses;
  private long evictions;

  public DiskCache(Path root, long capacityBytes, long ttlMillis, LongSupplier clock) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.incoming = this.root.resolve(INCOMING);
    this.capacityBytes = capacityBytes;
    this.ttlMillis = ttlMillis;
    this.clock = clock;
    Files.createDirectories(incoming);
    try (var old = Files.list(incoming)) {
      for (Path p : old.toList()) Files.deleteIfExists(p); // downloads a crash interrupted
    }
    reopen();
  }

  /** Takes over the files a previous run left, oldest modification first as least recently used. */
  private void reopen() throws IOException {
    record Found(String key, long size, long modified) {}
    List<Found> found = new ArrayList<>();
    try (var files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (p.startsWith(incoming) || !Files.isRegularFile(p)) continue;
        String key = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
        found.add(new Found(key, Files.size(p), Files.getLastModifiedTime(p).toMillis()));
      }
    }
    found.sort(Comparator.comparingLong(Found::modified));
    synchronized (this) {
      for (Found f : found) {
        entries.put(f.key(), new Entry(f.size(), f.modified()));
        bytes += f.size();
      }
      if (!found.isEmpty()) log.info("disk cache: {} files ({} MiB) kept from the last run in {}", found.size(), bytes >> 20, root);
      evictOverflow();
    }
  }

  public Path root() {
    return root;
  }

  /** Where the file of {@code key} lives while it is cached. */
  public Path pathOf(String key) {
    Path p = root.resolve(key).normalize();
    if (!p.startsWith(root) || p.startsWith(incoming) || p.equals(root)) {
      throw new IllegalArgumentException("not a cacheable key: " + key);
    }
    return p;
  }

  /** The cached file of {@code key} if it is there and fresh, counted as a hit; null otherwise (not counted). */
  public synchronized Path peek(String key) {
    Entry e = entries.get(key);
    if (e == null || expired(e)) return null;
    hits++;
    return pathOf(key);
  }

  /**
   * Returns the local file of {@code key}, loading it first when absent or expired, and pins it:
   * it is not evicted before {@link #unpin} is called once for this call.
   */
  public Path acquire(String key, Loader loader) throws IOException {
    while (true) {
      CompletableFuture<Void> wait;
      boolean mine = false;
      synchronized (this) {
        Entry e = entries.get(key);
        if (e != null && expired(e) && e.pins == 0) {
          remove(key, e);
          e = null;
        }
        if (e != null) {
          hits++;
          e.pins++;
          return pathOf(key);
        }
        wait = loading.get(key);
        if (wait == null) {
          misses++;
          wait = new CompletableFuture<>();
          loading.put(key, wait);
          mine = true;
        }
      }
      if (mine) {
        try {
          Path tmp = incoming.resolve(UUID.randomUUID() + ".part");
          try {
            loader.load(key, tmp);
            insert(key, tmp, 1);
          } finally {
            Files.deleteIfExists(tmp);
          }
          wait.complete(null);
          return pathOf(key);
        } catch (IOException | RuntimeException e) {
          wait.completeExceptionally(e);
          throw e;
        } finally {
          synchronized (this) {
            loading.remove(key);
          }
        }
      }
      try {
        wait.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while " + key + " was fetched");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof IOException io) throw io;
        throw new IOException("fetching " + key + " failed", e.getCause());
      }
      // loaded by another caller: loop to pin it (or load again if it was evicted meanwhile)
    }
  }

  /** Releases one pin taken by {@link #acquire}. */
  public synchronized void unpin(String key) {
    Entry e = entries.get(key);
    if (e != null && e.pins > 0) e.pins--;
    evictOverflow();
  }

  /**
   * Stores a local file the caller has just written (a flush's Parquet file) as the cached copy of
   * {@code key}, linking it when possible, so a query never downloads what this process uploaded.
   * The source file stays where it is.
   */
  public void adopt(String key, Path source) throws IOException {
    Path tmp = incoming.resolve(UUID.randomUUID() + ".part");
    try {
      try {
        Files.createLink(tmp, source);
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(source, tmp);
      }
      insert(key, tmp, 0);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Forgets a key (the object was deleted from the store). */
  public synchronized void invalidate(String key) {
    Entry e = entries.get(key);
    if (e != null && e.pins == 0) remove(key, e);
  }

  /** Removes expired entries that no query uses; returns how many. */
  public synchronized int expire() {
    int n = 0;
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    List<String> gone = new ArrayList<>();
    while (it.hasNext()) {
      Map.Entry<String, Entry> me = it.next();
      if (me.getValue().pins == 0 && expired(me.getValue())) gone.add(me.getKey());
    }
    for (String k : gone) {
      remove(k, entries.get(k));
      evictions++;
      n++;
    }
    return n;
  }

  public synchronized CacheStats stats() {
    return new CacheStats("disk", hits, misses, evictions, entries.size(), bytes, capacityBytes);
  }

  private void insert(String key, Path tmp, int pins) throws IOException {
    Path target = pathOf(key);
    Files.createDirectories(target.getParent());
    long size = Files.size(tmp);
    long now = clock.getAsLong();
    // the modification time orders entries by use across a restart
    Files.setLastModifiedTime(tmp, FileTime.fromMillis(now));
    synchronized (this) {
      Entry old = entries.remove(key);
      if (old != null) bytes -= old.size;
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Entry e = new Entry(size, now);
      e.pins = pins + (old == null ? 0 : old.pins);
      entries.put(key, e);
      bytes += size;
      evictOverflow();
    }
  }

  private boolean expired(Entry e) {
    return clock.getAsLong() - e.createdMillis > ttlMillis;
  }

  /** Evicts least recently used unpinned entries until the tier is within its bound. */
  private void evictOverflow() {
    if (bytes <= capacityBytes) return;
    List<String> victims = new ArrayList<>();
    long over = bytes - capacityBytes;
    for (Map.Entry<String, Entry> me : entries.entrySet()) {
      if (over <= 0) break;
      if (me.getValue().pins > 0) continue;
      victims.add(me.getKey());
      over -= me.getValue().size;
    }
    for (String k : victims) {
      remove(k, entries.get(k));
      evictions++;
    }
  }

  private void remove(String key, Entry e) {
    entries.remove(key);
    bytes -= e.size;
    try {
      Files.deleteIfExists(pathOf(key));
    } catch (IOException ex) {
      log.warn("disk cache: cannot delete {}: {}", key, ex.toString());
    }
  }
}

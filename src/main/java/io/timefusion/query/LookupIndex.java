package io.timefusion.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.timefusion.delta.DataFile;
import io.timefusion.delta.LookupSidecar;
import io.timefusion.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides by the lookup sidecars ({@link LookupSidecar}) which data files may hold the values a
 * query looks up. Sidecars are read when a query first needs them, several at a time, and kept in
 * memory, bounded in bytes (least recently used evicted first); they never change, and neither
 * does the absence of one (a committed file got its sidecar before its commit, or never will). A
 * file whose sidecar is missing or unreadable is kept: it only cannot be pruned.
 */
public final class LookupIndex {
  private static final Logger log = LoggerFactory.getLogger(LookupIndex.class);

  /** A cached answer for one sidecar key: the sidecar, or null when the store has none. */
  private record Entry(LookupSidecar sidecar) {
    long weight() {
      return sidecar == null ? 64 : sidecar.sizeBytes();
    }
  }

  /** The files a lookup keeps, and how many of the others it could and could not judge. */
  public record Selection(List<DataFile> kept, int ruledOut, int withoutSidecar) {}

  private final ObjectStore store;
  private final ExecutorService fetchers;
  private final Cache<String, Entry> cache;

  /** Sidecars read at a time when a query finds several missing (as the S3 cache fetches data files). */
  static final int PARALLEL_READS = 8;

  public LookupIndex(ObjectStore store, long capacityBytes) {
    this.store = store;
    // idle threads end: a server that never looks anything up keeps none
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            PARALLEL_READS, PARALLEL_READS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            Thread.ofPlatform().daemon().name("timefusion-lookup-read-", 0).factory());
    pool.allowCoreThreadTimeOut(true);
    this.fetchers = pool;
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(capacityBytes)
            .<String, Entry>weigher((k, e) -> (int) Math.min(Integer.MAX_VALUE, e.weight() + k.length() + 64L))
            .executor(Runnable::run)
            .build();
  }

  /** Keeps a sidecar this server just wrote, so that it is never read back. */
  public void remember(String key, LookupSidecar sidecar) {
    cache.put(key, new Entry(sidecar));
  }

  /**
   * The files that may hold, for every column of {@code lookups}, a row equal to one of its
   * values. With {@code fetch} the sidecars not in memory are read first; without, a file whose
   * sidecar is not in memory is kept (as one without a sidecar).
   */
  public Selection select(List<DataFile> files, Map<String, Set<String>> lookups, boolean fetch) {
    if (lookups.isEmpty()) return new Selection(files, 0, 0);
    Map<String, Entry> known = fetch ? load(files) : cached(files);
    List<DataFile> kept = new ArrayList<>();
    int ruledOut = 0;
    int unknown = 0;
    for (DataFile f : files) {
      Entry e = f.lookupKey() == null ? null : known.get(f.lookupKey());
      if (e == null || e.sidecar() == null) {
        unknown++;
        kept.add(f);
      } else if (mayMatch(e.sidecar(), lookups)) {
        kept.add(f);
      } else {
        ruledOut++;
      }
    }
    return new Selection(kept, ruledOut, unknown);
  }

  private static boolean mayMatch(LookupSidecar s, Map<String, Set<String>> lookups) {
    for (Map.Entry<String, Set<String>> l : lookups.entrySet()) {
      if (!s.mayContainAny(l.getKey(), l.getValue())) return false;
    }
    return true;
  }

  /** The entries of the files' sidecars that are in memory. */
  private Map<String, Entry> cached(List<DataFile> files) {
    Map<String, Entry> out = new java.util.HashMap<>();
    for (DataFile f : files) {
      Entry e = f.lookupKey() == null ? null : cache.getIfPresent(f.lookupKey());
      if (e != null) out.put(f.lookupKey(), e);
    }
    return out;
  }

  /** The entries of the files' sidecars; a sidecar that could not be read has none. */
  private Map<String, Entry> load(List<DataFile> files) {
    Map<String, Entry> out = cached(files);
    List<String> missing = new ArrayList<>();
    for (DataFile f : files) {
      if (f.lookupKey() != null && !out.containsKey(f.lookupKey())) missing.add(f.lookupKey());
    }
    if (missing.isEmpty()) return out;
    if (missing.size() == 1) {
      Entry e = read(missing.get(0));
      if (e != null) out.put(missing.get(0), e);
      return out;
    }
    List<Future<Entry>> pending = new ArrayList<>();
    for (String k : missing) pending.add(fetchers.submit(() -> read(k)));
    try {
      for (int i = 0; i < missing.size(); i++) {
        Entry e = pending.get(i).get();
        if (e != null) out.put(missing.get(i), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      for (Future<Entry> f : pending) f.cancel(true);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause()); // read() catches what it expects
    }
    return out;
  }

  /**
   * Reads one sidecar into the cache; null (and nothing cached) when the store failed. A damaged
   * sidecar stays damaged: it is cached as missing.
   */
  private Entry read(String key) {
    byte[] bytes;
    try (InputStream in = store.open(key)) {
      bytes = in.readAllBytes();
    } catch (NoSuchFileException absent) {
      bytes = null;
    } catch (IOException | RuntimeException failed) {
      log.warn("lookup sidecar {} could not be read, its data file is kept: {}", key, failed.toString());
      return null;
    }
    Entry e;
    try {
      e = new Entry(bytes == null ? null : LookupSidecar.decode(bytes));
    } catch (IOException damaged) {
      log.warn("lookup sidecar {} is damaged, its data file is kept: {}", key, damaged.getMessage());
      e = new Entry(null);
    }
    cache.put(key, e);
    return e;
  }
}

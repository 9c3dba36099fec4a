package io.timefusion;

import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.catalog.TableSchema;
import io.timefusion.config.Config;
import io.timefusion.delta.DeltaSnapshot;
import io.timefusion.delta.DeltaTable;
import io.timefusion.maintenance.LookupBackfill;
import io.timefusion.pgwire.AuthMethod;
import io.timefusion.pgwire.PgServer;
import io.timefusion.pgwire.PgServerOptions;
import io.timefusion.pgwire.ServerTls;
import io.timefusion.query.DuckDb;
import io.timefusion.query.Snapshots;
import io.timefusion.sql.TimeFusionEngine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.timefusion.storage.CacheStats;
import io.timefusion.storage.CachingObjectStore;
import io.timefusion.storage.DiskCache;
import io.timefusion.storage.LocalObjectStore;
import io.timefusion.storage.MemoryCache;
import io.timefusion.storage.S3ObjectStore;
import io.timefusion.storage.SingleWriterGuard;
import io.timefusion.storage.ObjectStore;
import io.timefusion.write.FlushScheduler;
import io.timefusion.write.Flusher;
import io.timefusion.write.Ingest;
import io.timefusion.write.MemoryBuffer;
import io.timefusion.write.Wal;
import io.timefusion.write.WalOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server: wires storage, Delta tables, the write path, DuckDB and the wire protocol. */
public final class TimeFusion implements AutoCloseable {
  /** The PostgreSQL version clients are told; drivers check the major version. */
  public static final String SERVER_VERSION = "16.6 (TimeFusion 0.1.0)";

  private static final Logger log = LoggerFactory.getLogger(TimeFusion.class);

  private final BufferAllocator allocator;
  private final DuckDb duckdb;
  private final MemoryBuffer buffer;
  private final Wal wal;
  private final Flusher flusher;
  private final FlushScheduler scheduler;
  private final PgServer server;
  private final TimeFusionEngine engine;
  private final ObjectStore store;
  private final SingleWriterGuard writerGuard;
  private ScheduledExecutorService maintenance;
  private List<CacheStats> lastReported = List.of();
  private long lastReportNanos = System.nanoTime();
  private boolean closed;

  /**
   * The identity of this data directory's write-ahead log, kept in {@code <data dir>/instance-id}:
   * flushes record their WAL position in Delta under it. A directory whose log predates the file
   * keeps the original shared id (empty).
   */
  private static String walIdentity(Config config) throws java.io.IOException {
    Path file = config.dataDir().resolve("instance-id");
    if (Files.exists(file)) return Files.readString(file).trim();
    boolean legacy;
    try (var existing = Files.exists(config.walDir()) ? Files.list(config.walDir()) : java.util.stream.Stream.<Path>empty()) {
      legacy = existing.findAny().isPresent();
    }
    String id = legacy ? "" : UUID.randomUUID().toString();
    Files.writeString(file, id + "\n");
    return id;
  }

  private static ObjectStore openS3(Config config) throws java.io.IOException {
    S3ObjectStore s3 =
        new S3ObjectStore(
            new S3ObjectStore.Settings(
                config.s3Bucket(),
                config.tablePrefix(),
                config.s3Region(),
                config.s3Endpoint().isEmpty() ? null : URI.create(config.s3Endpoint()),
                config.s3AccessKey().isEmpty() ? null : config.s3AccessKey(),
                config.s3SecretKey(),
                Duration.ofSeconds(config.s3ConnectTimeoutSecs()),
                Duration.ofSeconds(config.s3RequestTimeoutSecs()),
                S3ObjectStore.DEFAULT_MULTIPART_PART_SIZE));
    Duration ttl = Duration.ofSeconds(config.cacheTtlSeconds());
    MemoryCache memory = new MemoryCache(config.cacheMemoryBytes(), ttl, Ticker.systemTicker());
    DiskCache disk = new DiskCache(config.cacheDir(), config.cacheDiskBytes(), ttl.toMillis(), System::currentTimeMillis);
    ExecutorService fetchers =
        Executors.newFixedThreadPool(8, Thread.ofPlatform().daemon().name("timefusion-s3-fetch-", 0).factory());
    log.info(
        "tables in s3://{}/{} (endpoint {}), cache: {} MiB memory, {} MiB disk in {}",
        config.s3Bucket(), config.tablePrefix(), config.s3Endpoint().isEmpty() ? "AWS" : config.s3Endpoint(),
        config.cacheMemoryBytes() >> 20, config.cacheDiskBytes() >> 20, config.cacheDir());
    return new CachingObjectStore(s3, memory, disk, fetchers);
  }

  /** Periodic upkeep: expire cache entries, log cache counters when they changed, keep the writer heartbeat. */
  private void maintain() {
    try {
      if (store instanceof CachingObjectStore c) c.expire();
      List<CacheStats> now = store.cacheStats();
      if (!now.equals(lastReported) && System.nanoTime() - lastReportNanos >= TimeUnit.SECONDS.toNanos(60)) {
        for (CacheStats c : now) {
          log.info(
              "cache {}: {} hits, {} misses ({}% hit rate), {} evictions, {} entries, {} of {} MiB",
              c.tier(), c.hits(), c.misses(), Math.round(c.hitRate() * 100), c.evictions(), c.entries(),
              c.bytes() >> 20, c.capacityBytes() >> 20);
        }
        lastReported = now;
        lastReportNanos = System.nanoTime();
      }
      writerGuard.heartbeat();
    } catch (Exception e) {
      log.warn("periodic upkeep failed: {}", e.toString());
    }
  }

  private TimeFusion(Config config) throws Exception {
    long started = System.nanoTime();
    // the certificate first: a bad file should stop the start before anything is opened
    ServerTls tls = config.tlsEnabled() ? ServerTls.load(config.tlsCert(), config.tlsKey()) : null;
    Files.createDirectories(config.dataDir());
    String walIdentity = walIdentity(config);
    store = config.usesS3() ? openS3(config) : new LocalObjectStore(config.tablesDir());
    // a local directory has atomic create; only a remote store needs probing
    writerGuard =
        config.usesS3()
            ? SingleWriterGuard.acquire(store, walIdentity.isEmpty() ? "legacy" : walIdentity, System::currentTimeMillis)
            : SingleWriterGuard.none();
    SchemaRegistry registry = SchemaRegistry.load();
    Map<String, DeltaTable> tables = new LinkedHashMap<>();
    Snapshots snapshots = new Snapshots(store, config.lookupCacheBytes());
    Map<String, Long> flushedUpTo = new LinkedHashMap<>();
    for (TableSchema schema : registry.tables()) {
      DeltaTable t = DeltaTable.openOrCreate(store, schema, schema.name(), DeltaTable.walAppId(walIdentity));
      DeltaSnapshot s = t.latest();
      tables.put(schema.name(), t);
      snapshots.register(schema, s);
      flushedUpTo.put(schema.name(), s.walSeq());
    }
    allocator = new RootAllocator();
    Path tmp = config.dataDir().resolve("_tmp");
    Files.createDirectories(tmp.resolve("duckdb"));
    List<Path> engineDirs = new ArrayList<>();
    engineDirs.add(tmp);
    if (config.usesS3()) {
      engineDirs.add(config.cacheDir());
    } else {
      for (TableSchema schema : registry.tables()) engineDirs.add(config.tablesDir().resolve(schema.name()));
    }
    duckdb = new DuckDb(config.duckdbMemoryLimitMb(), config.duckdbThreads(), tmp.resolve("duckdb"), engineDirs);
    buffer = new MemoryBuffer(duckdb, allocator, snapshots, new ArrayList<>(registry.tables()));
    wal = Wal.open(config.walDir(), WalOptions.defaults().withSegmentBytes(config.walSegmentBytes()));
    long deltaSeq = flushedUpTo.values().stream().mapToLong(Long::longValue).max().orElse(-1);
    if (wal.lastDurableSeq() < deltaSeq) {
      throw new IllegalStateException(
          "the write-ahead log in " + config.walDir() + " ends at position " + wal.lastDurableSeq()
              + " but Delta already holds rows up to " + deltaSeq + "; was the log directory replaced?");
    }
    long replayed =
        wal.replay(
            allocator,
            flushedUpTo,
            (table, seq, batch) -> {
              try (batch) {
                buffer.append(table, List.of(batch), seq);
              }
            });
    flusher = new Flusher(buffer, snapshots, store, tables, tmp, config.zstdLevel(), config.parquetVersion(), wal::truncate);
    scheduler =
        new FlushScheduler(flusher, buffer, Duration.ofSeconds(config.flushIntervalSecs()), config.bufferMaxMemoryBytes());
    // Writers wait once the buffer holds twice what triggers a flush: a flush runs while the
    // next buffer fills. One COPY, held whole until its end, may take that much too.
    long stallBytes = 2 * config.bufferMaxMemoryBytes();
    Ingest ingest =
        new Ingest(wal, buffer, scheduler, stallBytes, Duration.ofSeconds(config.writeStallTimeoutSecs()));
    engine =
        new TimeFusionEngine(
            registry, duckdb, snapshots, ingest, allocator, SERVER_VERSION, config.requireProjectFilter(), stallBytes);
    server =
        new PgServer(
            new InetSocketAddress(config.bindAddress(), config.pgPort()),
            config.pgUser(),
            config.pgPassword(),
            engine,
            PgServerOptions.defaults()
                .withAuthMethod(AuthMethod.named(config.authMethod()))
                .withServerVersion(SERVER_VERSION)
                .withMaxConnections(config.connectionLimitEnabled() ? config.maxConnections() : 0)
                .withTls(tls, config.tlsRequired())
                .withMaxStatementMillis(config.maxStatementSecs() * 1000L));
    server.start();
    scheduler.start();
    maintenance = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("timefusion-cache-report").factory());
    maintenance.scheduleWithFixedDelay(this::maintain, 20, 20, TimeUnit.SECONDS);
    log.info(
        "TimeFusion ready on {}:{} (data in {}, {} write-ahead log frames replayed, {} authentication, TLS {}, started in {} ms)",
        config.bindAddress(), server.port(), config.dataDir(), replayed, config.authMethod(),
        tls == null ? "off" : config.tlsRequired() ? "required" : "on", (System.nanoTime() - started) / 1_000_000);
  }

  public static TimeFusion start(Config config) throws Exception {
    return new TimeFusion(config);
  }

  public int port() {
    return server.port();
  }

  /** Flushes everything buffered to Delta now (used by shutdown, tests and benchmarks). */
  public long flush() throws Exception {
    return flusher.flush();
  }

  /** Query results still streaming to clients (being sent, or in suspended portals). */
  public int openResultStreams() {
    return engine.openResultStreams();
  }

  /** Stops accepting clients, flushes the buffer to Delta, and releases everything. */
  @Override
  public synchronized void close() throws Exception {
    if (closed) return;
    closed = true;
    log.info("shutting down: flushing buffered rows");
    server.close();
    scheduler.close();
    try {
      flusher.flush();
    } catch (Exception e) {
      log.error("final flush failed; rows stay in the write-ahead log and are replayed on start", e);
    }
    if (maintenance != null) maintenance.shutdownNow();
    wal.close();
    buffer.close();
    engine.close();
    duckdb.close();
    allocator.close();
    writerGuard.close();
    store.close();
    log.info("stopped");
  }

  /**
   * The maintenance command {@code timefusion build-lookup-sidecars}: writes the lookup sidecars
   * that live data files of every table lack, then exits. A server that is running meanwhile
   * prunes by the new sidecars only after a restart (it remembers which sidecars were missing).
   */
  public static List<LookupBackfill.Result> buildLookupSidecars(Config config) throws Exception {
    Files.createDirectories(config.dataDir());
    List<LookupBackfill.Result> results = new ArrayList<>();
    Path tmp = config.dataDir().resolve("_tmp");
    Files.createDirectories(tmp.resolve("duckdb"));
    try (ObjectStore store = config.usesS3() ? openS3(config) : new LocalObjectStore(config.tablesDir())) {
      SchemaRegistry registry = SchemaRegistry.load();
      List<Path> readable = new ArrayList<>(List.of(tmp, config.usesS3() ? config.cacheDir() : config.tablesDir()));
      try (DuckDb duckdb = new DuckDb(config.duckdbMemoryLimitMb(), config.duckdbThreads(), tmp.resolve("duckdb"), readable);
          java.sql.Connection conn = duckdb.connect()) {
        for (TableSchema schema : registry.tables()) {
          // only the live files are read: whose WAL position the table records does not matter here
          DeltaTable t = DeltaTable.openOrCreate(store, schema, schema.name(), DeltaTable.walAppId(""));
          results.add(LookupBackfill.run(store, t, conn));
        }
      }
    }
    return results;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("build-lookup-sidecars")) {
      buildLookupSidecars(Config.fromEnv());
      return;
    }
    if (args.length > 0) {
      System.err.println("usage: timefusion [build-lookup-sidecars]");
      System.exit(2);
    }
    // A session thread running a DuckDB query is pinned to its carrier for the whole native call;
    // with one carrier per core, a few long queries would stall every other session (even
    // authentication and cancel requests). Extra carriers only run when others are pinned.
    System.setProperty("jdk.virtualThreadScheduler.parallelism",
        System.getProperty("jdk.virtualThreadScheduler.parallelism", "256"));
    System.setProperty("jdk.virtualThreadScheduler.maxPoolSize",
        System.getProperty("jdk.virtualThreadScheduler.maxPoolSize", "256"));
    Config config;
    try {
      config = Config.fromEnv();
    } catch (IllegalArgumentException e) {
      System.err.println("timefusion: " + e.getMessage());
      System.exit(2);
      return;
    }
    TimeFusion tf;
    try {
      tf = start(config);
    } catch (ServerTls.UnusableFiles e) {
      // unusable TLS files are a configuration problem, reported like the others
      System.err.println("timefusion: " + e.getMessage());
      System.exit(2);
      return;
    } catch (java.net.BindException e) {
      System.err.println(
          "timefusion: cannot listen on " + config.bindAddress() + ":" + config.pgPort() + " (" + e.getMessage()
              + "); is another server using it? Set PGWIRE_PORT to choose another port.");
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    tf.close();
                  } catch (Exception e) {
                    log.error("shutdown failed", e);
                  }
                },
                "timefusion-shutdown"));
    Thread.currentThread().join();
  }
}

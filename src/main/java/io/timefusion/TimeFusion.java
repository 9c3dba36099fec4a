package io.timefusion;

import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.catalog.TableSchema;
import io.timefusion.config.Config;
import io.timefusion.delta.DeltaSnapshot;
import io.timefusion.delta.DeltaTable;
import io.timefusion.pgwire.PgServer;
import io.timefusion.pgwire.PgServerOptions;
import io.timefusion.query.DuckDb;
import io.timefusion.query.Snapshots;
import io.timefusion.sql.TimeFusionEngine;
import io.timefusion.storage.LocalObjectStore;
import io.timefusion.storage.ObjectStore;
import io.timefusion.write.FlushScheduler;
import io.timefusion.write.Flusher;
import io.timefusion.write.Ingest;
import io.timefusion.write.MemoryBuffer;
import io.timefusion.write.Wal;
import io.timefusion.write.WalOptions;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private boolean closed;

  private TimeFusion(Config config) throws Exception {
    if (!config.s3Bucket().isEmpty()) {
      throw new IllegalArgumentException(
          "AWS_S3_BUCKET is set, but S3 storage is not available in this build yet; unset it to use local storage in "
              + config.dataDir());
    }
    long started = System.nanoTime();
    Files.createDirectories(config.dataDir());
    ObjectStore store = new LocalObjectStore(config.tablesDir());
    SchemaRegistry registry = SchemaRegistry.load();
    Map<String, DeltaTable> tables = new LinkedHashMap<>();
    Snapshots snapshots = new Snapshots(store);
    Map<String, Long> flushedUpTo = new LinkedHashMap<>();
    for (TableSchema schema : registry.tables()) {
      DeltaTable t = DeltaTable.openOrCreate(store, schema, schema.name());
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
    for (TableSchema schema : registry.tables()) engineDirs.add(config.tablesDir().resolve(schema.name()));
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
              } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot buffer replayed rows of " + table, e);
              }
            });
    flusher = new Flusher(buffer, snapshots, store, tables, tmp, config.zstdLevel(), wal::truncate);
    scheduler =
        new FlushScheduler(flusher, buffer, Duration.ofSeconds(config.flushIntervalSecs()), config.bufferMaxMemoryBytes());
    Ingest ingest =
        new Ingest(
            wal, buffer, scheduler, 2 * config.bufferMaxMemoryBytes(), Duration.ofSeconds(config.writeStallTimeoutSecs()));
    TimeFusionEngine engine = new TimeFusionEngine(registry, duckdb, snapshots, ingest, allocator, SERVER_VERSION, config.bufferMaxMemoryBytes());
    server =
        new PgServer(
            new InetSocketAddress(config.bindAddress(), config.pgPort()),
            config.pgUser(),
            config.pgPassword(),
            engine,
            PgServerOptions.defaults()
                .withServerVersion(SERVER_VERSION)
                .withMaxConnections(config.connectionLimitEnabled() ? config.maxConnections() : 0));
    server.start();
    scheduler.start();
    log.info(
        "TimeFusion ready on {}:{} (data in {}, {} write-ahead log frames replayed, started in {} ms)",
        config.bindAddress(), server.port(), config.dataDir(), replayed, (System.nanoTime() - started) / 1_000_000);
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
    wal.close();
    buffer.close();
    duckdb.close();
    allocator.close();
    log.info("stopped");
  }

  public static void main(String[] args) throws Exception {
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

package io.timefusion.sql;

import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.query.DuckDb;
import io.timefusion.query.Snapshots;
import io.timefusion.sql.pgcatalog.PgCatalog;
import io.timefusion.write.CopyLoader;
import io.timefusion.write.Ingest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real SQL engine: inserts go through the write path, queries run in DuckDB over snapshots. */
public final class TimeFusionEngine implements SqlEngine {
  private static final Logger log = LoggerFactory.getLogger(TimeFusionEngine.class);

  final SchemaRegistry registry;
  final DuckDb duckdb;
  final Snapshots snapshots;
  final Ingest ingest;
  final BufferAllocator allocator;
  /**
   * The memory of streamed results' batches, apart from the write path's: one child allocator
   * per result not yet closed.
   */
  final BufferAllocator resultMemory = new RootAllocator();
  final String serverVersion;
  final boolean requireProjectFilter;
  /** The most Arrow memory one COPY FROM may hold until its end (it is stored all or nothing). */
  final long maxCopyBytes;
  /** Per table, how the last COPY's batches were sized (see {@link CopyLoader.Shape}). */
  final Map<String, CopyLoader.Shape> copyShapes = new ConcurrentHashMap<>();

  public TimeFusionEngine(
      SchemaRegistry registry,
      DuckDb duckdb,
      Snapshots snapshots,
      Ingest ingest,
      BufferAllocator allocator,
      String serverVersion,
      boolean requireProjectFilter,
      long maxCopyBytes) {
    this.registry = registry;
    this.duckdb = duckdb;
    this.snapshots = snapshots;
    this.ingest = ingest;
    this.allocator = allocator;
    this.serverVersion = serverVersion;
    this.requireProjectFilter = requireProjectFilter;
    this.maxCopyBytes = maxCopyBytes;
    try (java.sql.Connection c = duckdb.connect()) {
      PgCatalog.install(c, registry, serverVersion);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot create the PostgreSQL catalog", e);
    }
  }

  @Override
  public SqlSession openSession(SessionStartup startup) {
    return new TimeFusionSession(this, startup);
  }

  /** Streamed results not yet closed: results being sent and suspended portals. */
  public int openResultStreams() {
    return resultMemory.getChildAllocators().size();
  }

  /**
   * Releases the engine's memory once every session has ended. A session still inside a DuckDB
   * fetch when the server stops keeps its result's memory until the process exits.
   */
  public void close() {
    int open = openResultStreams();
    if (open > 0) {
      log.warn("{} query result stream(s) still open at shutdown", open);
      return;
    }
    resultMemory.close();
  }
}

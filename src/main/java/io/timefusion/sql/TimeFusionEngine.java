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

/** The real SQL engine: inserts go through the write path, queries run in DuckDB over snapshots. */
public final class TimeFusionEngine implements SqlEngine {
  final SchemaRegistry registry;
  final DuckDb duckdb;
  final Snapshots snapshots;
  final Ingest ingest;
  final BufferAllocator allocator;
  /** The parent of every streamed result's batch memory: one child per result not yet closed. */
  final BufferAllocator resultMemory;
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
    this.resultMemory = allocator.newChildAllocator("query results", 0, Long.MAX_VALUE);
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

  /** Releases the engine's memory; after every session has ended. */
  public void close() {
    resultMemory.close();
  }
}

package io.timefusion.sql;

import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.query.DuckDb;
import io.timefusion.query.Snapshots;
import io.timefusion.sql.pgcatalog.PgCatalog;
import io.timefusion.write.Ingest;
import org.apache.arrow.memory.BufferAllocator;

/** The real SQL engine: inserts go through the write path, queries run in DuckDB over snapshots. */
public final class TimeFusionEngine implements SqlEngine {
  final SchemaRegistry registry;
  final DuckDb duckdb;
  final Snapshots snapshots;
  final Ingest ingest;
  final BufferAllocator allocator;
  final String serverVersion;
  final boolean requireProjectFilter;

  public TimeFusionEngine(
      SchemaRegistry registry,
      DuckDb duckdb,
      Snapshots snapshots,
      Ingest ingest,
      BufferAllocator allocator,
      String serverVersion,
      boolean requireProjectFilter) {
    this.requireProjectFilter = requireProjectFilter;
    this.registry = registry;
    this.duckdb = duckdb;
    this.snapshots = snapshots;
    this.ingest = ingest;
    this.allocator = allocator;
    this.serverVersion = serverVersion;
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
}

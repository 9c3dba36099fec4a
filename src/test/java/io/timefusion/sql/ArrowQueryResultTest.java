package io.timefusion.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.query.DuckDb;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streamed result ends with the query's error, never early: a runtime error part-way, an
 * interrupt the session asked for (57014), and an interrupt nobody asked for, which is how DuckDB
 * sometimes reports a failing query (before the first row: {@link ArrowQueryResult.LostError};
 * after rows: an error saying so).
 */
class ArrowQueryResultTest {
  @TempDir static Path tmp;
  static DuckDb duckdb;
  static DuckDBConnection conn;
  static BufferAllocator allocator;

  @BeforeAll
  static void open() throws SQLException {
    duckdb = new DuckDb(256, 2, tmp, List.of(tmp));
    conn = duckdb.connect();
    allocator = new RootAllocator();
    try (Statement s = conn.createStatement()) {
      s.execute("SET jdbc_stream_results = true");
    }
  }

  @AfterAll
  static void close() throws SQLException {
    conn.close();
    duckdb.close();
    allocator.close();
  }

  private static ArrowQueryResult stream(String sql, boolean interruptRequested) throws SQLException {
    PreparedStatement ps = conn.prepareStatement(sql);
    DuckDBResultSet rs = (DuckDBResultSet) ps.executeQuery();
    return ArrowQueryResult.open(ps, rs, DuckDbColumns.of(rs.getMetaData()), allocator, () -> {}, () -> {}, () -> interruptRequested, () -> {});
  }

  @Test
  void aQueryFailingPartWayEndsWithItsError() throws SQLException {
    try (ArrowQueryResult r = stream("SELECT CASE WHEN i = 4999999 THEN error('boom') ELSE i END FROM range(5000000) t(i)", false)) {
      PgException e = assertThrows(PgException.class, () -> {
        for (long i = 0; r.next(); i++) assertEquals(i, r.get(0));
      });
      assertEquals(SqlState.INVALID_TEXT_REPRESENTATION, e.state());
      assertEquals("boom", e.getMessage());
    }
    assertEquals(0, allocator.getAllocatedMemory(), "batches released");
  }

  @Test
  void anInterruptTheSessionAskedForIsACancel() throws SQLException {
    try (ArrowQueryResult r = stream("SELECT i FROM range(5000000) t(i)", true)) {
      for (int i = 0; i < 5000; i++) assertTrue(r.next());
      DuckDb.interrupt(conn);
      PgException e = assertThrows(PgException.class, () -> {
        while (r.next()) {
          // DuckDB's streaming buffer first
        }
      });
      assertEquals(SqlState.QUERY_CANCELED, e.state());
    }
  }

  @Test
  void anInterruptNobodyAskedForIsALostError() throws SQLException {
    try (ArrowQueryResult r = stream("SELECT i FROM range(5000000) t(i)", false)) {
      for (int i = 0; i < 5000; i++) assertTrue(r.next());
      DuckDb.interrupt(conn);
      PgException e = assertThrows(PgException.class, () -> {
        while (r.next()) {
          // DuckDB's streaming buffer first
        }
      });
      assertEquals(SqlState.INTERNAL_ERROR, e.state());
      assertTrue(e.getMessage().contains("DuckDB reported only \"Interrupted!\""), e.getMessage());
    }
    PreparedStatement ps = conn.prepareStatement("SELECT i FROM range(5000000) t(i)");
    DuckDBResultSet rs = (DuckDBResultSet) ps.executeQuery();
    DuckDb.interrupt(conn);
    assertThrows(ArrowQueryResult.LostError.class,
        () -> ArrowQueryResult.open(ps, rs, DuckDbColumns.of(rs.getMetaData()), allocator, () -> {}, () -> {}, () -> false, () -> {}));
    assertTrue(ps.isClosed(), "closed with the result");
  }
}

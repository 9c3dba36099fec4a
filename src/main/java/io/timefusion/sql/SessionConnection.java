package io.timefusion.sql;

import io.timefusion.query.DuckDb;
import io.timefusion.query.Snapshots;
import io.timefusion.sql.pgcatalog.PgCatalog;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.duckdb.DuckDBConnection;

/**
 * A DuckDB connection a session runs statements on, set up as the session is (PostgreSQL
 * settings, catalog variables), with the views it has bound. DuckDB ends a connection's streaming
 * result as soon as the connection runs anything else, so while a result streams from it the
 * connection serves nothing else: the session hands it over to the result ({@link #handOver}),
 * which closes it when it is closed, and goes on with a new one.
 */
final class SessionConnection implements AutoCloseable {
  final DuckDBConnection duckdb;
  /** The views of tables bound on this connection ({@link Snapshots#bindViews}). */
  final Map<String, Snapshots.Bound> boundViews = new HashMap<>();
  /** DuckDB's jdbc_stream_results on this connection: true only while a streamed result is being read. */
  private boolean streamResults;
  private boolean streaming;
  private boolean handedOver;

  private SessionConnection(DuckDBConnection duckdb) {
    this.duckdb = duckdb;
  }

  static SessionConnection open(DuckDb db, PgCatalog.Session session, Map<String, String> settings) throws SQLException {
    DuckDBConnection c = db.connect();
    try {
      PgCatalog.startSession(c, session, settings);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    return new SessionConnection(c);
  }

  /** Whether a streamed result is still reading from this connection. */
  boolean streaming() {
    return streaming;
  }

  /**
   * Sets whether the next query streams its result (DuckDB then computes rows as they are
   * fetched) or materializes it; only when no result streams from this connection.
   */
  void streamResults(boolean on) throws SQLException {
    if (streaming) throw new IllegalStateException("a result is streaming from this connection");
    if (on == streamResults) return;
    try (Statement s = duckdb.createStatement()) {
      s.execute("SET jdbc_stream_results = " + on);
    }
    streamResults = on;
  }

  /** A streamed result starts reading from this connection. */
  void resultOpened() {
    streaming = true;
  }

  /** The streamed result was closed; a connection handed over to it is closed with it. */
  void resultClosed() {
    streaming = false;
    if (handedOver) close();
  }

  /** The open result keeps this connection and closes it when it is closed; the session stops using it. */
  void handOver() {
    handedOver = true;
  }

  /** Stops the statement or the fetch running on this connection (a cancel or a timeout). */
  void interrupt() {
    DuckDb.interrupt(duckdb);
  }

  @Override
  public void close() {
    try {
      duckdb.close();
    } catch (SQLException ignored) {
      // closing an in-memory connection cannot lose data
    }
  }
}

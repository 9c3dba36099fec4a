package io.timefusion.sql;

import java.util.List;

/**
 * The SQL layer as one client connection sees it. The wire protocol calls it from the
 * connection's thread, except {@link #cancel()}, which comes from the thread that received the
 * CancelRequest.
 *
 * <p>Values cross this interface as plain Java objects, by PostgreSQL type: int2 Short, int4
 * Integer, int8 and oid Long, float4 Float, float8 Double, numeric BigDecimal, bool Boolean, text /
 * varchar / name / json / jsonb / unknown String, bytea byte[], date LocalDate, timestamp
 * LocalDateTime, timestamptz OffsetDateTime (UTC), uuid UUID, interval String (PostgreSQL text
 * form), arrays java.util.List of element values; SQL NULL is null.
 *
 * <p>Errors are thrown as {@link io.timefusion.error.PgException} carrying their SQLSTATE.
 */
public interface SqlSession extends AutoCloseable {

  /**
   * Parses and describes one statement. {@code paramOids} holds the types the client declared (0
   * = unspecified; may be shorter than the statement's parameter count).
   */
  PreparedQuery prepare(String sql, int[] paramOids);

  /** Runs a prepared statement with decoded parameter values (one per parameter). */
  QueryResult execute(PreparedQuery query, List<Object> params);

  /** Asks the running statement of this session, if any, to stop with SQLSTATE 57014. */
  void cancel();

  /** The session's statement_timeout in milliseconds; 0 when statements may run as long as they take. */
  default long statementTimeoutMillis() {
    return 0;
  }

  @Override
  void close();
}

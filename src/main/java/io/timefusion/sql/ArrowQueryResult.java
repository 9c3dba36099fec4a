package io.timefusion.sql;

import io.timefusion.catalog.PgTypeId;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rows of a streaming DuckDB result, fetched through DuckDB's Arrow export one batch at a time
 * as the client reads them: memory holds one batch, whatever the size of the result. Unlike
 * JDBC's streamed result, which ends quietly when the query fails part-way (so a runtime error,
 * a cancel or a timeout would look like a short but complete result), the Arrow stream reports
 * the failure, and it is raised here with its SQLSTATE.
 *
 * <p>DuckDB 1.5 stops a failing query's other threads by interrupting the query, and a fetch
 * may then report "Interrupted!" in place of the error (a race, seen in a few percent of
 * failures of a result read slowly). An interrupt nobody asked for is such a lost error: before
 * the first row it is raised as {@link LostError}, so that the session can run the query again
 * materialized, which reports DuckDB's own error; after rows were sent it is an error saying so.
 */
final class ArrowQueryResult implements QueryResult {
  private static final Logger log = LoggerFactory.getLogger(ArrowQueryResult.class);

  /** Rows per batch: one DuckDB vector. */
  static final int BATCH_ROWS = 2048;

  /** How the Arrow C stream reports DuckDB's error: "[errno -1] CDataJniException{errno=-1, message=...}". */
  private static final Pattern STREAM_ERROR = Pattern.compile("message=(.*)}\\s*$", Pattern.DOTALL);

  private final Statement statement;
  private final DuckDBResultSet rs;
  private final BufferAllocator allocator;
  private final ArrowReader reader;
  private final DuckDbColumns columns;
  private final PgTypeId[] types;
  private final Runnable beforeFetch;
  private final Runnable afterFetch;
  private final BooleanSupplier interruptRequested;
  private final Runnable onClose;
  private final DuckDbColumns.Row row;
  private FieldVector[] vectors;
  private int batchRows;
  private int at = -1;
  private boolean finished;
  private boolean closed;

  /**
   * Starts reading {@code rs}, whose statement ran with DuckDB's stream_results, and fetches the
   * first batch, so that a query failing before its first row fails here, before the client has
   * seen anything. {@code beforeFetch} and {@code afterFetch} run around every fetch (the session
   * marks the connection a cancel must interrupt); {@code interruptRequested} says whether a
   * cancel or timeout interrupted the query; {@code onClose} runs once the result is closed,
   * whether this succeeded or not.
   *
   * @throws LostError when DuckDB reported an interrupt nobody asked for before the first row
   */
  static ArrowQueryResult open(
      Statement statement,
      DuckDBResultSet rs,
      DuckDbColumns columns,
      BufferAllocator parent,
      Runnable beforeFetch,
      Runnable afterFetch,
      BooleanSupplier interruptRequested,
      Runnable onClose) {
    BufferAllocator allocator = null;
    ArrowReader reader = null;
    try {
      allocator = parent.newChildAllocator("query-result", 0, Long.MAX_VALUE);
      reader = (ArrowReader) rs.arrowExportStream(allocator, BATCH_ROWS);
    } catch (SQLException | RuntimeException e) {
      closeAll(null, rs, statement, allocator);
      onClose.run();
      throw e instanceof SQLException s ? DuckDbErrors.translate(s) : (RuntimeException) e;
    }
    ArrowQueryResult result =
        new ArrowQueryResult(statement, rs, allocator, reader, columns, beforeFetch, afterFetch, interruptRequested, onClose);
    try {
      result.fetch();
    } catch (PgException e) {
      result.close();
      if (e.state() == SqlState.QUERY_CANCELED && !interruptRequested.getAsBoolean()) throw new LostError(e);
      throw e;
    } catch (RuntimeException e) {
      result.close();
      throw e;
    }
    result.at = -1;
    return result;
  }

  private ArrowQueryResult(
      Statement statement,
      DuckDBResultSet rs,
      BufferAllocator allocator,
      ArrowReader reader,
      DuckDbColumns columns,
      Runnable beforeFetch,
      Runnable afterFetch,
      BooleanSupplier interruptRequested,
      Runnable onClose) {
    this.statement = statement;
    this.rs = rs;
    this.allocator = allocator;
    this.reader = reader;
    this.columns = columns;
    this.types = columns.columns().stream().map(c -> PgTypeId.byOid(c.typeOid())).toArray(PgTypeId[]::new);
    this.beforeFetch = beforeFetch;
    this.afterFetch = afterFetch;
    this.interruptRequested = interruptRequested;
    this.onClose = onClose;
    this.row = (column, type, oid) -> ArrowValues.read(vectors[column - 1], at, type, oid);
  }

  @Override
  public List<ResultColumn> columns() {
    return columns.columns();
  }

  @Override
  public boolean next() {
    if (closed) throw new IllegalStateException("result is closed");
    at++;
    while (at >= batchRows) {
      if (finished) return false;
      try {
        if (!fetch()) return false;
      } catch (PgException e) {
        if (e.state() == SqlState.QUERY_CANCELED && !interruptRequested.getAsBoolean()) {
          throw new PgException(
              SqlState.INTERNAL_ERROR,
              "the query failed after rows were sent, and DuckDB reported only \"Interrupted!\" for it; run it again to see its error",
              e);
        }
        throw e;
      }
    }
    return true;
  }

  /** DuckDB reported an interrupt nobody asked for before the first row: the query's own error was lost. */
  static final class LostError extends RuntimeException {
    LostError(PgException interrupt) {
      super(interrupt.getMessage(), interrupt);
    }
  }

  /** Loads the next non-empty batch; false at the end of the result. */
  private boolean fetch() {
    beforeFetch.run();
    try {
      while (reader.loadNextBatch()) {
        if (vectors == null) vectors = reader.getVectorSchemaRoot().getFieldVectors().toArray(FieldVector[]::new);
        batchRows = reader.getVectorSchemaRoot().getRowCount();
        at = 0;
        if (batchRows > 0) return true;
      }
      finished = true;
      batchRows = 0;
      return false;
    } catch (IOException e) {
      throw streamError(e);
    } finally {
      afterFetch.run();
    }
  }

  /** DuckDB's error as the stream reports it, with the SQLSTATE the materialized path would give. */
  static PgException streamError(IOException e) {
    String message = String.valueOf(e.getMessage());
    Matcher m = STREAM_ERROR.matcher(message);
    return DuckDbErrors.translate(new SQLException(m.find() ? m.group(1) : message, e));
  }

  @Override
  public Object get(int i) {
    return columns.get(row, i, types[i]);
  }

  @Override
  public String commandTag() {
    return "SELECT";
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      closeAll(reader, rs, statement, allocator);
    } finally {
      onClose.run();
    }
  }

  /** Releases the stream (DuckDB's result with it), the result set, the statement and the batch memory. */
  private static void closeAll(ArrowReader reader, DuckDBResultSet rs, Statement statement, BufferAllocator allocator) {
    try {
      if (reader != null) reader.close();
    } catch (IOException | RuntimeException e) {
      log.warn("closing a result stream failed", e);
    }
    try {
      rs.close();
      statement.close();
    } catch (SQLException e) {
      log.debug("closing a finished result failed", e);
    }
    try {
      if (allocator != null) allocator.close();
    } catch (RuntimeException e) {
      log.warn("a result stream left Arrow memory allocated", e);
    }
  }
}

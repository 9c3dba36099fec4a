package io.timefusion.pgwire;

import io.timefusion.pgwire.types.PgType;
import io.timefusion.sql.CursorStatement;
import io.timefusion.sql.QueryResult;
import io.timefusion.sql.ResultColumn;
import java.util.List;

/**
 * A bound statement and, once executed, its open result. A SQL cursor is a portal too, as in
 * PostgreSQL (Describe and Execute reach it by its name): its DECLARE opens the result at once,
 * FETCH and MOVE read it forward, and one declared WITH HOLD outlives the transaction that
 * declared it.
 */
final class Portal {
  final ParsedStatement statement;
  final List<Object> params;
  final short[] resultFormats;
  /** The DECLARE that made this portal a cursor; null for a portal the extended protocol bound. */
  final CursorStatement.Declare cursor;
  /** A cursor's columns (its statement, the DECLARE, returns none). */
  final List<ResultColumn> cursorColumns;
  QueryResult result;
  PgType[] types;
  short[] formats;
  /** The result's current row was read but not yet sent (an Execute stopped at its row limit). */
  boolean rowPending;
  boolean done;
  /** Rows read from the result so far: a cursor's position (0 before its first row). */
  long position;
  /** The cursor's result ended, or failed while it was read (then {@link #failed}). */
  boolean exhausted;
  boolean failed;
  /** A cursor WITH HOLD whose transaction committed: it stays open until CLOSE or the end of the session. */
  boolean held;

  Portal(ParsedStatement statement, List<Object> params, short[] resultFormats) {
    this(statement, params, resultFormats, null, null);
  }

  private Portal(
      ParsedStatement statement, List<Object> params, short[] resultFormats, CursorStatement.Declare cursor, List<ResultColumn> columns) {
    this.statement = statement;
    this.params = params;
    this.resultFormats = resultFormats;
    this.cursor = cursor;
    this.cursorColumns = columns;
  }

  /**
   * The cursor {@code declare} made of {@code result}, its query's open result. Its rows are text
   * unless the cursor is BINARY (a FETCH in the extended protocol takes the formats of its own Bind).
   */
  static Portal cursor(ParsedStatement declaring, CursorStatement.Declare declare, QueryResult result, PgType[] types) {
    short[] formats = new short[types.length];
    if (declare.binary()) java.util.Arrays.fill(formats, (short) 1);
    Portal p = new Portal(declaring, List.of(), formats, declare, result.columns());
    p.result = result;
    p.types = types;
    p.formats = formats;
    return p;
  }

  /** The portal was declared WITH HOLD. */
  boolean holdable() {
    return cursor != null && cursor.hold();
  }

  /** Moves to the result's next row, or to the row read ahead; false at the end. */
  boolean nextRow() {
    if (rowPending) {
      rowPending = false;
      return true;
    }
    if (result == null || !result.next()) return false;
    position++;
    return true;
  }

  void close() {
    if (result != null) {
      result.close();
      result = null;
    }
  }
}

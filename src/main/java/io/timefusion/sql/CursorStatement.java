package io.timefusion.sql;

/**
 * PostgreSQL's cursor statements, parsed: DECLARE, FETCH and MOVE, CLOSE. The SQL layer prepares
 * and runs the query of a DECLARE like any other query; the wire protocol keeps the cursors and
 * reads them, since in PostgreSQL a cursor is a portal of its connection.
 */
public sealed interface CursorStatement {
  /** The count of FETCH ALL and FORWARD ALL: every row left (BACKWARD ALL is -ALL). */
  long ALL = Long.MAX_VALUE;

  /**
   * {@code DECLARE name [BINARY] [ASENSITIVE | INSENSITIVE] [NO SCROLL] CURSOR [WITH | WITHOUT HOLD]
   * FOR query}. SCROLL is refused: results stream, so a cursor reads forward only.
   */
  record Declare(String name, boolean binary, boolean hold, String query) implements CursorStatement {}

  /**
   * Where a FETCH or MOVE goes: the next {@code count} rows (FORWARD; PRIOR and BACKWARD n are
   * FORWARD -1 and -n), the row {@code count} rows on (RELATIVE), or row number {@code count}
   * (ABSOLUTE; FIRST is 1, LAST -1).
   */
  enum Direction {
    FORWARD,
    RELATIVE,
    ABSOLUTE
  }

  /** {@code FETCH} (or {@code MOVE}, which skips the rows instead of returning them) {@code [direction] [FROM | IN] name}. */
  record Fetch(String name, boolean move, Direction direction, long count) implements CursorStatement {}

  /** {@code CLOSE name}, or {@code CLOSE ALL} ({@code name} null). */
  record Close(String name) implements CursorStatement {}
}

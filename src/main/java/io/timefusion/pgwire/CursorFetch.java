package io.timefusion.pgwire;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.sql.CursorStatement;
import io.timefusion.sql.QueryResult;
import io.timefusion.sql.ResultColumn;
import java.util.List;

/**
 * The rows a FETCH takes from a cursor, read from the cursor's result as they are sent, or the
 * rows a MOVE skips; the command tag counts them ({@code FETCH n}, {@code MOVE n}). A cursor reads
 * its result once, forward: a FETCH or MOVE that would go back answers 55000. A result that fails
 * while it is read leaves its cursor unusable, as in PostgreSQL.
 */
final class CursorFetch implements QueryResult {
  private final Portal cursor;
  private final String name;
  private final boolean move;
  private final long limit;
  private long returned;

  private CursorFetch(Portal cursor, String name, boolean move, long limit) {
    this.cursor = cursor;
    this.name = name;
    this.move = move;
    this.limit = limit;
  }

  /** Starts {@code fetch} on {@code cursor}: skips the rows before the first one it returns (all of them for a MOVE). */
  static CursorFetch start(Portal cursor, CursorStatement.Fetch fetch) {
    if (cursor.failed) {
      throw new PgException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "portal \"" + fetch.name() + "\" cannot be run");
    }
    long count = fetch.count();
    long skip;
    long take;
    switch (fetch.direction()) {
      case FORWARD -> {
        if (count <= 0) throw backward(fetch);
        skip = 0;
        take = count;
      }
      case RELATIVE -> {
        if (count <= 0) throw backward(fetch);
        skip = count - 1;
        take = 1;
      }
      case ABSOLUTE -> {
        if (count == 0 && cursor.position == 0) {
          skip = 0;
          take = 0;
        } else if (count > cursor.position) {
          skip = count - cursor.position - 1;
          take = 1;
        } else {
          throw backward(fetch);
        }
      }
      default -> throw new IllegalStateException();
    }
    CursorFetch f = new CursorFetch(cursor, fetch.name(), fetch.move(), take);
    for (long i = 0; i < skip && f.read(); i++) {}
    if (f.move) {
      while (f.next()) {}
    }
    return f;
  }

  private static PgException backward(CursorStatement.Fetch fetch) {
    // PostgreSQL's answer for a NO SCROLL cursor; TimeFusion cursors are all forward-only
    return new PgException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "cursor can only scan forward", null,
        "TimeFusion cursors read their result once, forward: " + (fetch.move() ? "MOVE" : "FETCH")
            + " NEXT, FORWARD n, ALL, RELATIVE n or ABSOLUTE n past the current row.", null);
  }

  /** Moves the cursor to its next row; false at its end, when the cursor's result is closed at once. */
  private boolean read() {
    if (cursor.exhausted) return false;
    try {
      if (cursor.nextRow()) return true;
    } catch (RuntimeException e) {
      cursor.failed = true;
      cursor.exhausted = true;
      cursor.close();
      throw e;
    }
    cursor.exhausted = true;
    cursor.close();
    return false;
  }

  /** The rows of a BINARY cursor go in binary in the simple query protocol. */
  boolean binary() {
    return cursor.cursor.binary();
  }

  @Override
  public List<ResultColumn> columns() {
    return move ? List.of() : cursor.cursorColumns;
  }

  @Override
  public boolean next() {
    if (returned >= limit || !read()) return false;
    returned++;
    return true;
  }

  @Override
  public Object get(int i) {
    if (cursor.result == null) throw new IllegalStateException("cursor \"" + name + "\" was closed");
    return cursor.result.get(i);
  }

  @Override
  public String commandTag() {
    return (move ? "MOVE " : "FETCH ") + returned;
  }

  /** The cursor stays open. */
  @Override
  public void close() {}
}

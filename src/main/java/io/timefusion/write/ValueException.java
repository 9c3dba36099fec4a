package io.timefusion.write;

import io.timefusion.catalog.ColumnType;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;

/**
 * A value that cannot become the column's type. Raised without a stack trace deep in the
 * conversions; {@link #at} turns it into the client's error once the column and row are known.
 */
final class ValueException extends RuntimeException {
  final SqlState state;
  final String detail;
  /** For {@link SqlState#DATATYPE_MISMATCH}: the PostgreSQL type of the offending expression. */
  final String expressionType;

  ValueException(SqlState state, String message, String detail) {
    super(message, null, false, false);
    this.state = state;
    this.detail = detail;
    this.expressionType = null;
  }

  private ValueException(String expressionType) {
    super(null, null, false, false);
    this.state = SqlState.DATATYPE_MISMATCH;
    this.detail = null;
    this.expressionType = expressionType;
  }

  static ValueException mismatch(String expressionType) {
    return new ValueException(expressionType);
  }

  static ValueException syntax(String typeName, String value) {
    SqlState st =
        typeName.startsWith("timestamp") || typeName.equals("date")
            ? SqlState.INVALID_DATETIME_FORMAT
            : SqlState.INVALID_TEXT_REPRESENTATION;
    return new ValueException(st, "invalid input syntax for type " + typeName + ": \"" + value + "\"", null);
  }

  static ValueException range(String typeName, String value) {
    return new ValueException(
        SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value \"" + value + "\" is out of range for type " + typeName, null);
  }

  /** The client-facing error, naming the column (and the 1-based row when known, else 0). */
  PgException at(String column, ColumnType columnType, int row) {
    String where = "column \"" + column + "\"" + (row > 0 ? ", row " + row : "");
    if (state == SqlState.DATATYPE_MISMATCH) {
      return new PgException(
          state,
          "column \"" + column + "\" is of type " + columnType.pgDisplayName()
              + " but expression is of type " + expressionType,
          where,
          "You will need to rewrite or cast the expression.",
          null);
    }
    return new PgException(state, getMessage(), detail == null ? where : detail + " (" + where + ")", null, null);
  }

  /** The error for a constant outside any column (e.g. an explicit cast). */
  PgException plain() {
    if (state == SqlState.DATATYPE_MISMATCH) {
      return new PgException(state, "cannot cast type " + expressionType, null, null, null);
    }
    return new PgException(state, getMessage(), detail, null, null);
  }
}

package io.timefusion.sql;

import java.util.List;

/**
 * A {@code COPY ... FROM STDIN} waiting for its data: the wire layer splits the client's CopyData
 * into rows and fields in the COPY's format and hands them over here, field by field in COPY
 * order; {@link #finish} makes every row durable at once. Closing without finishing discards
 * everything (all or nothing).
 *
 * <p>A field that cannot be stored throws a {@link io.timefusion.error.PgException} without
 * position; the wire layer adds the line and column, as PostgreSQL's CONTEXT does.
 */
public interface CopyIn extends QueryResult {
  CopyOptions options();

  /** The relation name, for error contexts. */
  String table();

  /** The columns that receive data, in COPY order, with their PostgreSQL types. */
  List<ResultColumn> targetColumns();

  /** One field as text (UTF-8, escapes already resolved). */
  void text(int field, byte[] buf, int off, int len);

  /** One field decoded from binary format, as a value of the column's type. */
  void value(int field, Object value);

  /** Ends the current row; the fields not given are null. */
  void endRow();

  /** Makes all rows durable and visible; returns how many there were. */
  long finish();
}

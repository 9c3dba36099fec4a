package io.timefusion.sql;

/**
 * The rows of a {@code COPY ... TO STDOUT}: a query result ({@link #columns()}, {@link #next()},
 * {@link #get}) the wire layer writes as CopyData in the COPY's format.
 */
public interface CopyOut extends QueryResult {
  CopyOptions options();
}

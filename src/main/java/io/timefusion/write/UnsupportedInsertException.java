package io.timefusion.write;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;

/**
 * An INSERT the in-house parser does not handle (expressions, ON CONFLICT, RETURNING, ...). The
 * caller catches it and takes the slower path through the query engine.
 */
public final class UnsupportedInsertException extends PgException {
  public UnsupportedInsertException(String message) {
    super(SqlState.FEATURE_NOT_SUPPORTED, message);
  }
}

package io.timefusion.pgwire;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;

/** A frontend message that cannot be read; the connection cannot continue after it. */
final class MalformedMessageException extends PgException {
  MalformedMessageException(String message) {
    super(SqlState.PROTOCOL_VIOLATION, message);
  }
}

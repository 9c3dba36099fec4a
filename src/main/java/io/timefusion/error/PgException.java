package io.timefusion.error;

/** An error that reaches the client as a PostgreSQL ErrorResponse with its SQLSTATE. */
public class PgException extends RuntimeException {
  private final SqlState state;
  private final String detail;
  private final String hint;

  public PgException(SqlState state, String message) {
    this(state, message, null, null, null);
  }

  public PgException(SqlState state, String message, Throwable cause) {
    this(state, message, null, null, cause);
  }

  public PgException(SqlState state, String message, String detail, String hint, Throwable cause) {
    super(message, cause);
    this.state = state;
    this.detail = detail;
    this.hint = hint;
  }

  public SqlState state() {
    return state;
  }

  public String detail() {
    return detail;
  }

  public String hint() {
    return hint;
  }
}

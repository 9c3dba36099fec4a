package io.timefusion.error;

/** An error that reaches the client as a PostgreSQL ErrorResponse with its SQLSTATE. */
public class PgException extends RuntimeException {
  private final SqlState state;
  private final String detail;
  private final String hint;
  private final String where;

  public PgException(SqlState state, String message) {
    this(state, message, null, null, null);
  }

  public PgException(SqlState state, String message, Throwable cause) {
    this(state, message, null, null, cause);
  }

  public PgException(SqlState state, String message, String detail, String hint, Throwable cause) {
    this(state, message, detail, hint, null, cause);
  }

  private PgException(SqlState state, String message, String detail, String hint, String where, Throwable cause) {
    super(message, cause);
    this.state = state;
    this.detail = detail;
    this.hint = hint;
    this.where = where;
  }

  /** The same error with a context line (the CONTEXT psql prints), e.g. which COPY line failed. */
  public PgException withContext(String where) {
    PgException e = new PgException(state, getMessage(), detail, hint, where, getCause());
    e.setStackTrace(getStackTrace());
    return e;
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

  /** Where the error happened (ErrorResponse field W), or null. */
  public String where() {
    return where;
  }
}

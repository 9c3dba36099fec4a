package io.timefusion.error;

/** An error that reaches the client as a PostgreSQL ErrorResponse with its SQLSTATE. */
public class PgException extends RuntimeException {
  private final SqlState state;
  private final String detail;
  private final String hint;
  private final String where;
  private final int position;

  public PgException(SqlState state, String message) {
    this(state, message, null, null, null);
  }

  public PgException(SqlState state, String message, Throwable cause) {
    this(state, message, null, null, cause);
  }

  public PgException(SqlState state, String message, String detail, String hint, Throwable cause) {
    this(state, message, detail, hint, null, cause);
  }

  private PgException(SqlState state, String message, String detail, String hint, String where, int position, Throwable cause) {
    super(message, cause);
    this.state = state;
    this.detail = detail;
    this.hint = hint;
    this.where = where;
    this.position = position;
  }

  private PgException(SqlState state, String message, String detail, String hint, String where, Throwable cause) {
    this(state, message, detail, hint, where, 0, cause);
  }

  /** The same error with a context line (the CONTEXT psql prints), e.g. which COPY line failed. */
  public PgException withContext(String where) {
    PgException e = new PgException(state, getMessage(), detail, hint, where, position, getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** The same error pointing at a character of the statement (1-based; 0 for none), where psql puts its caret. */
  public PgException atPosition(int position) {
    PgException e = new PgException(state, getMessage(), detail, hint, where, position, getCause());
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

  /** The statement's character the error is at (ErrorResponse field P, 1-based), or 0. */
  public int position() {
    return position;
  }

  /** Where the error happened (ErrorResponse field W), or null. */
  public String where() {
    return where;
  }
}

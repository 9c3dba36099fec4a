package io.timefusion.sql;

/**
 * The data format of one COPY, after PostgreSQL's defaults and consistency checks. Delimiter,
 * quote and escape are single ASCII bytes; the {@code force*} flags are per column of the COPY,
 * in COPY order (all false when the option was not given).
 */
public record CopyOptions(
    Format format,
    byte delimiter,
    String nullString,
    boolean header,
    boolean headerMatch,
    byte quote,
    byte escape,
    boolean[] forceQuote,
    boolean[] forceNotNull,
    boolean[] forceNull) {

  public enum Format {
    TEXT,
    CSV,
    BINARY
  }

  public boolean binary() {
    return format == Format.BINARY;
  }

  public boolean csv() {
    return format == Format.CSV;
  }
}

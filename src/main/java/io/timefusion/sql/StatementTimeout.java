package io.timefusion.sql;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statement_timeout setting as PostgreSQL reads and shows it: a number of milliseconds, or a
 * number with a unit (us, ms, s, min, h, d), 0 for no timeout; shown in the largest unit that
 * divides it ({@code 5000} shows as {@code 5s}).
 */
public final class StatementTimeout {
  public static final String NAME = "statement_timeout";
  private static final Pattern VALUE = Pattern.compile("\\s*([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*([a-zA-Z]*)\\s*");
  private static final long MAX = Integer.MAX_VALUE;
  private static final long[] UNIT_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
  private static final String[] UNIT_NAMES = {"d", "h", "min", "s", "ms"};

  private StatementTimeout() {}

  /** The value in milliseconds; 22023 for anything PostgreSQL would refuse. DEFAULT is 0. */
  public static long parseMillis(String value) {
    if (value.strip().equalsIgnoreCase("default")) {
      return 0;
    }
    Matcher m = VALUE.matcher(value);
    if (!m.matches()) {
      throw invalid(value, null);
    }
    long unitMicros =
        switch (m.group(2)) {
          case "", "ms" -> 1_000;
          case "us" -> 1;
          case "s" -> 1_000_000;
          case "min" -> 60_000_000L;
          case "h" -> 3_600_000_000L;
          case "d" -> 86_400_000_000L;
          default -> throw invalid(value, "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".");
        };
    BigDecimal millis =
        new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitMicros)).divide(BigDecimal.valueOf(1000), 0, RoundingMode.HALF_EVEN);
    if (millis.signum() < 0 || millis.compareTo(BigDecimal.valueOf(MAX)) > 0) {
      throw new PgException(SqlState.INVALID_PARAMETER_VALUE,
          millis.toPlainString() + " ms is outside the valid range for parameter \"" + NAME + "\" (0 .. " + MAX + ")");
    }
    return millis.longValueExact();
  }

  /** The value as SHOW prints it. */
  public static String show(long millis) {
    if (millis == 0) {
      return "0";
    }
    for (int i = 0; i < UNIT_MILLIS.length; i++) {
      if (millis % UNIT_MILLIS[i] == 0) {
        return millis / UNIT_MILLIS[i] + UNIT_NAMES[i];
      }
    }
    throw new AssertionError("1 ms divides every value");
  }

  private static PgException invalid(String value, String hint) {
    return new PgException(SqlState.INVALID_PARAMETER_VALUE,
        "invalid value for parameter \"" + NAME + "\": \"" + value + "\"", null, hint, null);
  }
}

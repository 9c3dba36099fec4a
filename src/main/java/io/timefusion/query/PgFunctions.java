package io.timefusion.query;

import io.timefusion.catalog.PgFloatText;
import io.timefusion.error.SqlState;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBScalarFunction;
import org.duckdb.DuckDBScalarFunctionBuilder;

/**
 * PostgreSQL's scalar functions that DuckDB lacks or answers differently, created once in the
 * database: SQL macros where DuckDB's own functions compute the answer, Java functions where
 * PostgreSQL's rules are more than an expression (the text of a float, {@code format()}, the
 * number patterns of {@code to_char}). Functions PostgreSQL names like a DuckDB function of
 * other meaning are {@code tf_} macros the rewrite ({@code io.timefusion.sql.rewrite.PgFunctionCalls})
 * calls; the others have PostgreSQL's name.
 */
final class PgFunctions {
  private static final long DAY_US = 86_400_000_000L;

  /**
   * The text PostgreSQL gives a value: x::text (tf_text) and a value in concat() or format()'s %s
   * (tf_out, where a boolean is t or f); p is a probe of x's type, as for tf_numeric. A float
   * prints its shortest exact digits (tf_float8_text), an interval PostgreSQL's units; an integer
   * or a decimal must not take the float overload, into which it would cast. The first overload
   * is the one DuckDB takes for a probe it cannot type.
   */
  private static final String TEXT_OVERLOADS = "(p FLOAT, x) AS tf_float4_text(x), (p DOUBLE, x) AS tf_float8_text(x),"
      + " (p BIGINT, x) AS CAST(x AS VARCHAR), (p HUGEINT, x) AS CAST(x AS VARCHAR), (p DECIMAL, x) AS CAST(x AS VARCHAR),"
      + " (p INTERVAL, x) AS tf_interval_text(x),"
      + " (p VARCHAR[], x) AS tf_array_text(x), (p BIGINT[], x) AS tf_array_text(CAST(x AS VARCHAR[])),"
      + " (p DOUBLE[], x) AS tf_array_text(list_transform(x, lambda e: tf_float8_text(e))),"
      + " (p, x) AS CAST(x AS VARCHAR)";

  private static final String[] MACROS = {
    // pg_typeof names the type as PostgreSQL does (DuckDB's says double, float, varchar, decimal(38,16))
    "CREATE OR REPLACE MACRO tf_pg_type_name(base, suffix) AS CASE base WHEN 'DOUBLE' THEN 'double precision'"
        + " WHEN 'FLOAT' THEN 'real' WHEN 'VARCHAR' THEN 'text' WHEN 'TINYINT' THEN 'smallint' WHEN 'HUGEINT' THEN 'numeric'"
        + " WHEN 'TIMESTAMP' THEN 'timestamp without time zone' WHEN 'TIME' THEN 'time without time zone'"
        + " WHEN 'BLOB' THEN 'bytea' WHEN '\"NULL\"' THEN 'unknown'"
        + " ELSE CASE WHEN base LIKE 'DECIMAL%' THEN 'numeric' ELSE lower(base) END END || suffix",
    "CREATE OR REPLACE MACRO pg_typeof(x) AS tf_pg_type_name(regexp_replace(typeof(x), '(\\[\\])+$', ''),"
        + " regexp_extract(typeof(x), '(\\[\\])+$'))",
    // x [NOT] LIKE|ILIKE ANY|ALL (array): true if any (every) pattern matches, else NULL if one
    // is NULL, else false (the macros are likeArrayMacros())
    "CREATE OR REPLACE MACRO tf_any_of(m) AS CASE WHEN m IS NULL THEN NULL WHEN list_bool_or(m) THEN true"
        + " WHEN list_contains(list_transform(m, lambda v: v IS NULL), true) THEN NULL ELSE false END",
    "CREATE OR REPLACE MACRO tf_all_of(m) AS CASE WHEN m IS NULL THEN NULL WHEN list_contains(m, false) THEN false"
        + " WHEN list_contains(list_transform(m, lambda v: v IS NULL), true) THEN NULL ELSE true END",
    // width_bucket: the bucket of x among n equal ones from lo to hi (either way round), 0 below
    // and n + 1 above, as float.c computes it; or the number of sorted thresholds at or below x
    "CREATE OR REPLACE MACRO tf_width_bucket(x, lo, hi, n) AS CASE WHEN x < lo THEN 0 WHEN x >= hi THEN n + 1"
        + " ELSE least(CAST(trunc(n * ((x - lo) / (hi - lo))) AS INTEGER), n - 1) + 1 END",
    "CREATE OR REPLACE MACRO width_bucket(x, lo, hi, n) AS CASE WHEN x IS NULL OR lo IS NULL OR hi IS NULL OR n IS NULL THEN NULL"
        + " WHEN n <= 0 THEN error('count must be greater than zero') WHEN lo = hi THEN error('lower bound cannot equal upper bound')"
        + " WHEN lo < hi THEN tf_width_bucket(CAST(x AS DOUBLE), CAST(lo AS DOUBLE), CAST(hi AS DOUBLE), CAST(n AS INTEGER))"
        + " ELSE tf_width_bucket(-CAST(x AS DOUBLE), -CAST(lo AS DOUBLE), -CAST(hi AS DOUBLE), CAST(n AS INTEGER)) END,"
        + " (x, thresholds) AS CASE WHEN x IS NULL OR thresholds IS NULL THEN NULL WHEN list_contains(list_transform(thresholds, lambda t: t IS NULL), true)"
        + " THEN error('thresholds array must not contain NULLs')"
        + " ELSE CAST(len(list_filter(thresholds, lambda t: t <= x)) AS INTEGER) END",
    // Intervals: months, days and microseconds, as PostgreSQL keeps them.
    "CREATE OR REPLACE MACRO tf_interval_months(i) AS datepart('year', i) * 12 + datepart('month', i)",
    "CREATE OR REPLACE MACRO tf_interval_days(i) AS datepart('day', i)",
    "CREATE OR REPLACE MACRO tf_interval_micros(i) AS"
        + " datepart('hour', i) * 3600000000 + datepart('minute', i) * 60000000 + datepart('microseconds', i)",
    // An interval's text as interval_out prints it (postgres style, as pgwire/types/IntervalType):
    // years, mons, days, then the time when it is not zero or nothing else is; "+" on a positive
    // part after a negative one
    "CREATE OR REPLACE MACRO tf_interval_part(v, unit, before) AS CASE WHEN v <> 0 THEN"
        + " CASE WHEN before AND v > 0 THEN '+' ELSE '' END || v || ' ' || unit || CASE WHEN v = 1 THEN '' ELSE 's' END END",
    "CREATE OR REPLACE MACRO tf_interval_time(us, before) AS CASE WHEN us < 0 THEN '-' WHEN before THEN '+' ELSE '' END"
        + " || CASE WHEN abs(us) < 36000000000 THEN '0' ELSE '' END || abs(us) // 3600000000"
        + " || ':' || lpad(CAST(abs(us) // 60000000 % 60 AS VARCHAR), 2, '0') || ':' || lpad(CAST(abs(us) // 1000000 % 60 AS VARCHAR), 2, '0')"
        + " || CASE WHEN abs(us) % 1000000 <> 0 THEN '.' || rtrim(lpad(CAST(abs(us) % 1000000 AS VARCHAR), 6, '0'), '0') ELSE '' END",
    "CREATE OR REPLACE MACRO tf_interval_out(y, mo, d, us) AS concat_ws(' ', tf_interval_part(y, 'year', false),"
        + " tf_interval_part(mo, 'mon', y < 0), tf_interval_part(d, 'day', CASE WHEN mo <> 0 THEN mo < 0 ELSE y < 0 END),"
        + " CASE WHEN us <> 0 OR y = 0 AND mo = 0 AND d = 0 THEN"
        + " tf_interval_time(us, CASE WHEN d <> 0 THEN d < 0 WHEN mo <> 0 THEN mo < 0 ELSE y < 0 END) END)",
    "CREATE OR REPLACE MACRO tf_interval_text(i) AS tf_interval_out(sign(tf_interval_months(i)) * (abs(tf_interval_months(i)) // 12),"
        + " sign(tf_interval_months(i)) * (abs(tf_interval_months(i)) % 12), tf_interval_days(i), tf_interval_micros(i))",
    // An array's text: {a,b}, an element quoted when it is empty, NULL or has a space, quote, backslash, comma or brace
    "CREATE OR REPLACE MACRO tf_array_text(l) AS '{' || array_to_string(list_transform(l, lambda e: CASE WHEN e IS NULL THEN 'NULL'"
        + " WHEN e = '' OR upper(e) = 'NULL' OR regexp_matches(e, '[{}\",\\\\\\s]')"
        + " THEN '\"' || replace(replace(e, '\\', '\\\\'), '\"', '\\\"') || '\"' ELSE e END), ',') || '}'",
    "CREATE OR REPLACE MACRO tf_text(p VARCHAR, x) AS CAST(x AS VARCHAR), " + TEXT_OVERLOADS,
    "CREATE OR REPLACE MACRO tf_out(p VARCHAR, x) AS CAST(x AS VARCHAR), (p BOOLEAN, x) AS CASE WHEN x THEN 't' WHEN NOT x THEN 'f' END, "
        + TEXT_OVERLOADS,
    // An operand of ||: a float as its text, anything else as it is (a list concatenates as a list).
    "CREATE OR REPLACE MACRO tf_concat_operand(p VARCHAR, x) AS x, (p FLOAT, x) AS tf_float4_text(x), (p DOUBLE, x) AS tf_float8_text(x),"
        + " (p BIGINT, x) AS x, (p HUGEINT, x) AS x, (p DECIMAL, x) AS x, (p INTERVAL, x) AS tf_interval_text(x), (p, x) AS x",
    // text::bool as PostgreSQL reads it: t, true, yes, on, 1 and f, false, no, off, 0, and prefixes
    "CREATE OR REPLACE MACRO tf_bool_text(t, x) AS CASE WHEN t IN ('t', 'tr', 'tru', 'true', 'y', 'ye', 'yes', 'on', '1') THEN true"
        + " WHEN t IN ('f', 'fa', 'fal', 'fals', 'false', 'n', 'no', 'of', 'off', '0') THEN false"
        + " WHEN t IS NOT NULL THEN error('invalid input syntax for type boolean: \"' || x || '\"') END",
    "CREATE OR REPLACE MACRO tf_bool(p VARCHAR, x) AS tf_bool_text(lower(trim(x, ' \t\n\r\f\13')), x), (p, x) AS CAST(x AS BOOLEAN)",
    // octet_length of text: its bytes (DuckDB's takes a blob or bits)
    "CREATE OR REPLACE MACRO tf_octet_length(p VARCHAR, x) AS strlen(x), (p, x) AS octet_length(x)",
    // x::time of a timestamptz, which DuckDB does not cast (sessions run in UTC)
    "CREATE OR REPLACE MACRO tf_time(p TIMESTAMPTZ, x) AS CAST(CAST(x AS TIMESTAMP) AS TIME), (p, x) AS CAST(x AS TIME)",
    // round(x) of a float rounds half to even (C's rint), of a numeric half away from zero
    "CREATE OR REPLACE MACRO tf_round(p DECIMAL, x) AS round(x), (p FLOAT, x) AS round_even(x, 0), (p DOUBLE, x) AS round_even(x, 0),"
        + " (p BIGINT, x) AS round(x), (p HUGEINT, x) AS round(x), (p, x) AS round(x)",
    // Date/time text compared with a value, read as that value's type: p a probe of the other side;
    // ts and d the text read as a timestamp and a date (when the query was parsed, for 'today').
    "CREATE OR REPLACE MACRO tf_datetime_literal(p TIMESTAMPTZ, ts, d, w) AS CAST(ts AS TIMESTAMPTZ),"
        + " (p TIMESTAMP, ts, d, w) AS CAST(CAST(ts AS TIMESTAMPTZ) AS TIMESTAMP), (p DATE, ts, d, w) AS CAST(d AS DATE),"
        + " (p, ts, d, w) AS w",
    // to_char(x, pattern) of a date or time; an interval as the time of day it is from midnight
    "CREATE OR REPLACE MACRO tf_strftime(p TIMESTAMPTZ, x, f) AS strftime(x, f),"
        + " (p INTERVAL, x, f) AS strftime(CAST('1970-01-01' AS TIMESTAMP) + x, f), (p, x, f) AS strftime(x, f)",
    // date_trunc of a date truncates it as a timestamptz
    "CREATE OR REPLACE MACRO tf_date_trunc(p TIMESTAMPTZ, u, x) AS date_trunc(u, x),"
        + " (p DATE, u, x) AS date_trunc(u, CAST(x AS TIMESTAMPTZ)), (p, u, x) AS date_trunc(u, x)",
    // date_trunc(unit, ts, zone): truncated in zone's local time
    "CREATE OR REPLACE MACRO tf_date_trunc_zone(u, ts, z) AS timezone(z, date_trunc(u, timezone(z, ts)))",
    "CREATE OR REPLACE MACRO tf_lpad(s, n) AS lpad(s, n, ' '), (s, n, f) AS lpad(s, n, f)",
    "CREATE OR REPLACE MACRO tf_rpad(s, n) AS rpad(s, n, ' '), (s, n, f) AS rpad(s, n, f)",
    // substring(x FROM pattern): the first parenthesized part's match (g = 1), else the whole match
    "CREATE OR REPLACE MACRO tf_substring_regex(x, re, g) AS CASE WHEN regexp_matches(x, re) THEN regexp_extract(x, re, g) END",
    // String functions PostgreSQL has and DuckDB does not.
    "CREATE OR REPLACE MACRO btrim(s) AS trim(s), (s, chars) AS trim(s, chars)",
    "CREATE OR REPLACE MACRO overlay(s, r, start) AS substring(s, 1, start - 1) || r || substring(s, start + length(r)),"
        + " (s, r, start, n) AS substring(s, 1, start - 1) || r || substring(s, start + n)",
    // quote_literal doubles quotes, and backslashes in an E'' literal
    "CREATE OR REPLACE MACRO tf_quote_literal(s) AS CASE WHEN contains(s, '\\') THEN 'E''' || replace(replace(s, '\\', '\\\\'), '''', '''''') || ''''"
        + " ELSE '''' || replace(s, '''', '''''') || '''' END",
    "CREATE OR REPLACE MACRO regexp_count(s, re) AS len(regexp_extract_all(s, re)),"
        + " (s, re, st) AS len(regexp_extract_all(substring(s, st), re))",
    "CREATE OR REPLACE MACRO regexp_like(s, re) AS regexp_matches(s, re)",
    "CREATE OR REPLACE MACRO regexp_substr(s, re) AS regexp_extract_all(s, re)[1],"
        + " (s, re, st) AS regexp_extract_all(substring(s, st), re)[1],"
        + " (s, re, st, n) AS regexp_extract_all(substring(s, st), re)[n]",
    // div(a, b): the quotient truncated toward zero, a numeric
    "CREATE OR REPLACE MACRO div(a BIGINT, b BIGINT) AS CASE WHEN b = 0 THEN error('division by zero') ELSE CAST(a // b AS DECIMAL(38, 0)) END,"
        + " (a, b) AS CASE WHEN b = 0 THEN error('division by zero')"
        + " ELSE CAST(trunc(CAST(a AS DOUBLE) / CAST(b AS DOUBLE)) AS DECIMAL(38, 0)) END",
    "CREATE OR REPLACE MACRO tf_interval(m, d, us) AS to_months(m) + to_days(d) + to_microseconds(us)",
    // justify_*: whole days out of the time (24 hours) and months out of the days (30), the
    // signs of the parts made to agree, as interval.c does it
    "CREATE OR REPLACE MACRO tf_justify_time(m, d, us) AS CASE WHEN d > 0 AND us < 0 THEN tf_interval(m, d - 1, us + " + DAY_US + ")"
        + " WHEN d < 0 AND us > 0 THEN tf_interval(m, d + 1, us - " + DAY_US + ") ELSE tf_interval(m, d, us) END",
    "CREATE OR REPLACE MACRO tf_justify_months(m, d, us) AS"
        + " CASE WHEN m > 0 AND (d < 0 OR d = 0 AND us < 0) THEN tf_justify_time(m - 1, d + 30, us)"
        + " WHEN m < 0 AND (d > 0 OR d = 0 AND us > 0) THEN tf_justify_time(m + 1, d - 30, us) ELSE tf_justify_time(m, d, us) END",
    "CREATE OR REPLACE MACRO tf_justify_interval(m, d, us) AS tf_justify_months(m + (d + us // " + DAY_US + ") // 30,"
        + " (d + us // " + DAY_US + ") % 30, us % " + DAY_US + ")",
    "CREATE OR REPLACE MACRO justify_interval(i) AS tf_justify_interval(tf_interval_months(i), tf_interval_days(i), tf_interval_micros(i))",
    "CREATE OR REPLACE MACRO justify_hours(i) AS tf_justify_time(tf_interval_months(i),"
        + " tf_interval_days(i) + tf_interval_micros(i) // " + DAY_US + ", tf_interval_micros(i) % " + DAY_US + ")",
    "CREATE OR REPLACE MACRO tf_justify_days(m, d, us) AS CASE WHEN m > 0 AND d < 0 THEN tf_interval(m - 1, d + 30, us)"
        + " WHEN m < 0 AND d > 0 THEN tf_interval(m + 1, d - 30, us) ELSE tf_interval(m, d, us) END",
    "CREATE OR REPLACE MACRO justify_days(i) AS tf_justify_days(tf_interval_months(i) + tf_interval_days(i) // 30,"
        + " tf_interval_days(i) % 30, tf_interval_micros(i))",
    // make_interval(years, months, weeks, days, hours, mins, secs), by position or by name (hours => 2)
    "CREATE OR REPLACE MACRO make_interval(years := 0, months := 0, weeks := 0, days := 0, hours := 0, mins := 0, secs := 0.0) AS"
        + " tf_interval(years * 12 + months, weeks * 7 + days,"
        + " CAST(round(CAST(hours AS DOUBLE) * 3600000000 + CAST(mins AS DOUBLE) * 60000000 + CAST(secs AS DOUBLE) * 1000000) AS BIGINT))",
    "CREATE OR REPLACE MACRO statement_timestamp() AS now()",
    "CREATE OR REPLACE MACRO clock_timestamp() AS make_timestamptz(tf_clock_micros())",
    "CREATE OR REPLACE MACRO timeofday() AS strftime(clock_timestamp(), '%a %b %d %H:%M:%S.%f %Y UTC')",
    // to_char(x, pattern) of a number, p a probe of x
    "CREATE OR REPLACE MACRO tf_to_char_number(p DECIMAL, x, f) AS tf_to_char_exact(CAST(x AS VARCHAR), f), (p FLOAT, x, f) AS tf_to_char_float(x, 6, f),"
        + " (p DOUBLE, x, f) AS tf_to_char_float(x, 15, f), (p BIGINT, x, f) AS tf_to_char_exact(CAST(x AS VARCHAR), f),"
        + " (p HUGEINT, x, f) AS tf_to_char_exact(CAST(x AS VARCHAR), f),"
        + " (p, x, f) AS tf_to_char_exact(CAST(x AS VARCHAR), f)",
    // array_dims of a one-dimensional array
    "CREATE OR REPLACE MACRO array_dims(a) AS CASE WHEN len(a) > 0 THEN '[1:' || len(a) || ']' END",
  };

  private PgFunctions() {}

  /**
   * {@code tf_[not_][i]like_any|all(x, a)}: x matched against every pattern of a with backslash
   * escapes, as PostgreSQL's LIKE (sql/rewrite/PgExpressions makes {@code x LIKE ANY (a)} one).
   */
  private static List<String> likeArrayMacros() {
    List<String> out = new ArrayList<>();
    for (String not : List.of("", "not_")) {
      for (String like : List.of("like", "ilike")) {
        for (String quantifier : List.of("any", "all")) {
          out.add("CREATE OR REPLACE MACRO tf_" + not + like + "_" + quantifier + "(x, a) AS tf_" + quantifier + "_of("
              + "list_transform(CAST(a AS VARCHAR[]), lambda p: " + not + like + "_escape(x, p, '\\')))");
        }
      }
    }
    return out;
  }

  /** Creates the functions in the database of {@code root}, for all its connections. */
  static void install(Connection root) throws SQLException {
    register(root, "tf_float8_text", DuckDBColumnType.DOUBLE, (in, out) -> {
      var v = in.vector(0);
      for (long i = 0; i < in.rowCount(); i++) {
        if (v.isNull(i)) out.setNull(i);
        else out.setString(i, PgFloatText.float8(v.getDouble(i)));
      }
    });
    register(root, "tf_float4_text", DuckDBColumnType.FLOAT, (in, out) -> {
      var v = in.vector(0);
      for (long i = 0; i < in.rowCount(); i++) {
        if (v.isNull(i)) out.setNull(i);
        else out.setString(i, PgFloatText.float4(v.getFloat(i)));
      }
    });
    register(root, "initcap", DuckDBColumnType.VARCHAR, strings(PgFunctions::initcap));
    registerBinary(root, "tf_to_char_exact", PgNumberFormat::toChar);
    registerBinary(root, "tf_to_number", PgNumberFormat::toNumber);
    try (DuckDBScalarFunctionBuilder b = DuckDBFunctions.scalarFunction()) {
      // to_char(float, pattern), digits: 15 for a float8, 6 for a float4
      b.withName("tf_to_char_float").withParameters(DuckDBColumnType.DOUBLE, DuckDBColumnType.INTEGER, DuckDBColumnType.VARCHAR)
          .withReturnType(DuckDBColumnType.VARCHAR).withVectorizedFunction((in, out) -> {
            var x = in.vector(0);
            var digits = in.vector(1);
            var pattern = in.vector(2);
            for (long i = 0; i < in.rowCount(); i++) {
              if (x.isNull(i) || digits.isNull(i) || pattern.isNull(i)) out.setNull(i);
              else out.setString(i, PgNumberFormat.toChar(x.getDouble(i), digits.getInt(i), pattern.getString(i)));
            }
          }).register(root);
    }
    try (DuckDBScalarFunctionBuilder b = DuckDBFunctions.scalarFunction()) {
      b.withName("tf_clock_micros").withReturnType(DuckDBColumnType.BIGINT).withVolatile()
          .withFunction(() -> java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, java.time.Instant.now())).register(root);
    }
    try (Statement s = root.createStatement()) {
      for (String macro : MACROS) s.execute(macro);
      for (String macro : likeArrayMacros()) s.execute(macro);
    }
  }

  /**
   * PostgreSQL's initcap in the C locale: a letter after a letter or digit is lower case, any
   * other upper case; only ASCII letters change.
   */
  static String initcap(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean afterWordChar = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ascii = c < 128;
      out.append(!ascii ? c : afterWordChar ? Character.toLowerCase(c) : Character.toUpperCase(c));
      afterWordChar = ascii && Character.isLetterOrDigit(c);
    }
    return out.toString();
  }

  /** A function of one argument of {@code type} returning VARCHAR, NULL for NULL. */
  private static void register(Connection root, String name, DuckDBColumnType type, DuckDBScalarFunction f) throws SQLException {
    try (DuckDBScalarFunctionBuilder b = DuckDBFunctions.scalarFunction()) {
      b.withName(name).withParameter(type).withReturnType(DuckDBColumnType.VARCHAR).withVectorizedFunction(f).register(root);
    }
  }

  /** A text function of two text arguments, NULL when either is. */
  private static void registerBinary(Connection root, String name, java.util.function.BinaryOperator<String> f) throws SQLException {
    try (DuckDBScalarFunctionBuilder b = DuckDBFunctions.scalarFunction()) {
      b.withName(name).withParameters(DuckDBColumnType.VARCHAR, DuckDBColumnType.VARCHAR).withReturnType(DuckDBColumnType.VARCHAR)
          .withFunction((String a, String c) -> a == null || c == null ? null : f.apply(a, c)).register(root);
    }
  }

  private static DuckDBScalarFunction strings(java.util.function.UnaryOperator<String> f) {
    return (in, out) -> {
      var v = in.vector(0);
      for (long i = 0; i < in.rowCount(); i++) {
        if (v.isNull(i)) out.setNull(i);
        else out.setString(i, f.apply(v.getString(i)));
      }
    };
  }

  /**
   * The error a Java function raises with PostgreSQL's SQLSTATE: DuckDB passes on only the text
   * of the exception, which {@code io.timefusion.sql.DuckDbErrors} reads the SQLSTATE from.
   */
  static final class PgFunctionError extends RuntimeException {
    static final String PREFIX = "SQLSTATE ";

    PgFunctionError(SqlState state, String message) {
      super(PREFIX + state.code() + ": " + message, null, false, false);
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }
}

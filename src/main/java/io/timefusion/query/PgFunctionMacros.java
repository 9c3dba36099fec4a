package io.timefusion.query;

/**
 * The DuckDB macros behind PostgreSQL's array functions and operators, {@code date_bin}, and
 * untyped literals in arithmetic, which the rewrites in {@code io.timefusion.sql.rewrite}
 * ({@code PgArrayCalls}, {@code PgUntypedLiterals}) call where DuckDB's function of the same
 * name differs from PostgreSQL's or is missing.
 *
 * <p>A chain of macros, each with one typed overload and an untyped one calling the next link,
 * chooses by an argument's type: a typed parameter matches the types that cast to it implicitly,
 * and an argument DuckDB cannot type before binding (an aggregate, an outer reference) takes the
 * first link's typed overload, so each chain starts with its safest case. Macros are created in
 * dependency order: a link after the link it calls.
 */
final class PgFunctionMacros {
  private PgFunctionMacros() {}

  static final String[] MACROS = {
    // Arrays (DuckDB lists). PostgreSQL has no empty dimension: array_length('{}', 1) is NULL.
    "CREATE OR REPLACE MACRO tf_array_length(a, d) AS CASE WHEN d = 1 THEN nullif(len(a), 0) END",
    // array_to_string(a, sep, null_string): NULL elements print as null_string (skipped without it)
    "CREATE OR REPLACE MACRO tf_array_to_string(a, d, n) AS CASE WHEN d IS NOT NULL THEN"
        + " array_to_string(list_transform(a, lambda x: coalesce(CAST(x AS VARCHAR), n)), d) END",
    // array_position(a, e, start); NULL is found as NULL (IS NOT DISTINCT FROM), as list_position does
    "CREATE OR REPLACE MACRO tf_array_position(a, e, s) AS CASE WHEN s IS NULL"
        + " THEN error('initial position must not be null')"
        + " ELSE list_position(a[greatest(s, 1):], e) + greatest(s, 1) - 1 END",
    "CREATE OR REPLACE MACRO tf_array_positions(a, e) AS"
        + " CAST(list_filter(range(1, len(a) + 1), lambda i: a[i] IS NOT DISTINCT FROM e) AS INTEGER[])",
    "CREATE OR REPLACE MACRO tf_array_remove(a, e) AS list_filter(a, lambda x: x IS DISTINCT FROM e)",
    // string_to_array(s, sep, null_string): a NULL separator splits into characters, an empty one
    // gives the whole string, an empty string no elements; elements equal to null_string are NULL.
    "CREATE OR REPLACE MACRO tf_string_to_array(s, d, n) AS list_transform(CASE WHEN s = '' THEN []"
        + " WHEN d IS NULL THEN string_split(s, '') WHEN d = '' THEN [s] ELSE string_split(s, d) END,"
        + " lambda x: CASE WHEN x = n THEN NULL ELSE x END)",
    // a @> b: every element of b is in a; a NULL element is in no array (DuckDB's list_has_all
    // finds it). A chain by the type of a, so that a JSON value (which a list casts to
    // implicitly, so no link may be typed JSON) keeps DuckDB's own @>.
    "CREATE OR REPLACE MACRO tf_list_contains(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL"
        + " ELSE list_count(b) = len(b) AND list_has_all(a, b) END",
    "CREATE OR REPLACE MACRO tf_array_contains_ts(a TIMESTAMPTZ[], b) AS tf_list_contains(a, b), (a, b) AS a @> b",
    "CREATE OR REPLACE MACRO tf_array_contains_double(a DOUBLE[], b) AS tf_list_contains(a, b),"
        + " (a, b) AS tf_array_contains_ts(a, b)",
    "CREATE OR REPLACE MACRO tf_array_contains_bigint(a BIGINT[], b) AS tf_list_contains(a, b),"
        + " (a, b) AS tf_array_contains_double(a, b)",
    "CREATE OR REPLACE MACRO tf_array_contains(a VARCHAR[], b) AS tf_list_contains(a, b),"
        + " (a, b) AS tf_array_contains_bigint(a, b)",
    // date_bin(stride, source, origin), PostgreSQL 14: the start of the stride-wide bin holding
    // source, bins counted from origin (also backwards: floor, not truncation). A timestamp
    // source and origin give a timestamp, else both are timestamptz.
    "CREATE OR REPLACE MACRO tf_bin_us(w, t, o) AS"
        + " CASE WHEN datepart('year', w) <> 0 OR datepart('month', w) <> 0"
        + " THEN error('timestamps cannot be binned into intervals containing months or years')"
        + " WHEN epoch_us(w) <= 0 THEN error('stride must be greater than zero')"
        + " ELSE ((epoch_us(t) - epoch_us(o)) % epoch_us(w) + epoch_us(w)) % epoch_us(w) END",
    // p is a probe of the source's type; a date is binned as a timestamptz, as PostgreSQL
    // resolves date_bin(interval, date, ...), and so is a source DuckDB cannot type.
    "CREATE OR REPLACE MACRO tf_date_bin_tz(w, t, o) AS CASE WHEN isfinite(CAST(t AS TIMESTAMPTZ))"
        + " THEN CAST(t AS TIMESTAMPTZ) - to_microseconds(tf_bin_us(w, CAST(t AS TIMESTAMPTZ), CAST(o AS TIMESTAMPTZ)))"
        + " ELSE CAST(t AS TIMESTAMPTZ) END",
    "CREATE OR REPLACE MACRO tf_date_bin_ts(w, p TIMESTAMP, t, o) AS CASE WHEN isfinite(CAST(t AS TIMESTAMP))"
        + " THEN CAST(t AS TIMESTAMP) - to_microseconds(tf_bin_us(w, CAST(t AS TIMESTAMP), CAST(o AS TIMESTAMP)))"
        + " ELSE CAST(t AS TIMESTAMP) END,"
        + " (w, p, t, o) AS tf_date_bin_tz(w, t, o)",
    "CREATE OR REPLACE MACRO tf_date_bin(w, p DATE, t, o) AS tf_date_bin_tz(w, t, o), (w, p, t, o) AS tf_date_bin_ts(w, p, t, o)",
    // An untyped literal beside an operand of type T in arithmetic is read as T first, as
    // PostgreSQL resolves operators (docs 10.2): timestamp - '2025-01-01' is an interval,
    // date - '2025-01-01' an integer, 1 + '2' an int4; '1 hour' is no timestamp (22007). p is a
    // probe of the other operand, s the literal, n the literal as a numeric constant. A probe
    // DuckDB cannot type (a parameter, an outer reference) leaves s to DuckDB, as before.
    "CREATE OR REPLACE MACRO tf_unknown_cast_error(s, type) AS error('invalid input syntax for type ' || type || ': \"' || s || '\"')",
    "CREATE OR REPLACE MACRO tf_unknown_integer(s, type) AS CASE WHEN regexp_full_match(s, '\\s*[+-]?[0-9]+\\s*') THEN s"
        + " ELSE tf_unknown_cast_error(s, type) END",
    "CREATE OR REPLACE MACRO tf_unknown_double(p DOUBLE, s, n) AS coalesce(TRY_CAST(s AS DOUBLE), tf_unknown_cast_error(s, 'double precision')),"
        + " (p, s, n) AS s",
    "CREATE OR REPLACE MACRO tf_unknown_numeric(p DECIMAL, s, n) AS n, (p, s, n) AS tf_unknown_double(p, s, n)",
    "CREATE OR REPLACE MACRO tf_unknown_bigint(p BIGINT, s, n) AS CAST(tf_unknown_integer(s, 'bigint') AS BIGINT),"
        + " (p, s, n) AS tf_unknown_numeric(p, s, n)",
    "CREATE OR REPLACE MACRO tf_unknown_number(p INTEGER, s, n) AS CAST(tf_unknown_integer(s, 'integer') AS INTEGER),"
        + " (p, s, n) AS tf_unknown_bigint(p, s, n)",
    "CREATE OR REPLACE MACRO tf_unknown_interval(p INTERVAL, s, n) AS coalesce(TRY_CAST(s AS INTERVAL), tf_unknown_cast_error(s, 'interval')),"
        + " (p, s, n) AS tf_unknown_number(p, s, n)",
    "CREATE OR REPLACE MACRO tf_unknown_minus_timestamptz(p TIMESTAMPTZ, s, n) AS"
        + " coalesce(TRY_CAST(s AS TIMESTAMPTZ), tf_unknown_cast_error(s, 'timestamp with time zone')),"
        + " (p, s, n) AS tf_unknown_interval(p, s, n)",
    "CREATE OR REPLACE MACRO tf_unknown_minus_timestamp(p TIMESTAMP, s, n) AS"
        + " coalesce(TRY_CAST(s AS TIMESTAMP), tf_unknown_cast_error(s, 'timestamp without time zone')),"
        + " (p, s, n) AS tf_unknown_minus_timestamptz(p, s, n)",
    "CREATE OR REPLACE MACRO tf_unknown_minus_date(p DATE, s, n) AS coalesce(TRY_CAST(s AS DATE), tf_unknown_cast_error(s, 'date')),"
        + " (p, s, n) AS tf_unknown_minus_timestamp(p, s, n)",
    // x - 'lit' and 'lit' - x: a date, timestamp or timestamptz operand makes the literal one too
    "CREATE OR REPLACE MACRO tf_unknown_minus(p BIT, s, n) AS s, (p, s, n) AS tf_unknown_minus_date(p, s, n)",
    // x + 'lit': PostgreSQL has no timestamp + timestamp; DuckDB already reads the literal as the
    // interval of timestamp + interval, and date + 'lit' is ambiguous in both (42725)
    "CREATE OR REPLACE MACRO tf_unknown_plus_time(p TIMESTAMPTZ, s, n) AS s, (p, s, n) AS tf_unknown_interval(p, s, n)",
    "CREATE OR REPLACE MACRO tf_unknown_plus(p BIT, s, n) AS s, (p, s, n) AS tf_unknown_plus_time(p, s, n)",
    // x * 'lit', x / 'lit': an interval is multiplied and divided by a float8
    "CREATE OR REPLACE MACRO tf_unknown_times_interval(p INTERVAL, s, n) AS tf_unknown_double(0.0::DOUBLE, s, n),"
        + " (p, s, n) AS tf_unknown_number(p, s, n)",
    "CREATE OR REPLACE MACRO tf_unknown_times(p BIT, s, n) AS s, (p, s, n) AS tf_unknown_times_interval(p, s, n)",
    "CREATE OR REPLACE MACRO tf_unknown_modulo(p BIT, s, n) AS s, (p, s, n) AS tf_unknown_number(p, s, n)",
  };
}

package io.timefusion.query;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBReadableVector;

/**
 * The DuckDB functions behind PostgreSQL's JSON operators and functions, which {@code
 * io.timefusion.sql.rewrite.PgJson} calls. Both json and jsonb values are DuckDB JSON text. Most are
 * macros over DuckDB's own JSON functions; what PostgreSQL defines by walking a jsonb value (its
 * printed text, {@code jsonb_pretty}, containment) is Java ({@link PgJsonb}), registered as
 * scalar functions. Errors are raised with PostgreSQL's messages, which {@link #INVALID_PARAMETER}
 * recognises for their SQLSTATE.
 */
public final class PgJsonFunctions {
  /** The messages these functions raise that PostgreSQL raises as 22023 (invalid_parameter_value). */
  public static final Pattern INVALID_PARAMETER =
      Pattern.compile("cannot (get array length of|call json\\w* on|extract elements from|deconstruct) .*"
          + "|argument \\d+ cannot be null|argument list must have even number of elements|field name must not be null");

  private static final String[] MACROS = {
    // A key as a JSON pointer (~ and / escaped), which no DuckDB function reads as a path
    "CREATE OR REPLACE MACRO tf_json_pointer(k) AS '/' || replace(replace(k, '~', '~0'), '/', '~1')",
    // jsonb's text: keys sorted and deduplicated, PostgreSQL's spacing (tf_jsonb_print is Java)
    "CREATE OR REPLACE MACRO tf_jsonb_out(j) AS CAST(tf_jsonb_print(j) AS JSON)",
    // The text of a JSON value as ->> gives it: a string unquoted, JSON null as SQL NULL, a
    // container as json prints it (DuckDB's minified text) or as jsonb prints it.
    "CREATE OR REPLACE MACRO tf_json_text(v) AS json_extract_string(v, '$')",
    "CREATE OR REPLACE MACRO tf_jsonb_text(v) AS"
        + " CASE WHEN json_type(v) IN ('OBJECT', 'ARRAY') THEN tf_jsonb_print(v) ELSE json_extract_string(v, '$') END",
    // json(b)_typeof
    "CREATE OR REPLACE MACRO tf_json_typeof(j) AS CASE WHEN j IS NULL THEN NULL ELSE CASE json_type(j)"
        + " WHEN 'OBJECT' THEN 'object' WHEN 'ARRAY' THEN 'array' WHEN 'VARCHAR' THEN 'string' WHEN 'BOOLEAN' THEN 'boolean'"
        + " WHEN 'NULL' THEN 'null' ELSE 'number' END END",
    // json(b)_array_length: int4, 22023 for anything but an array
    "CREATE OR REPLACE MACRO tf_json_array_length(j) AS CASE WHEN j IS NULL THEN NULL"
        + " WHEN json_type(j) = 'ARRAY' THEN CAST(json_array_length(j) AS INTEGER)"
        + " WHEN json_type(j) = 'OBJECT' THEN error('cannot get array length of a non-array')"
        + " ELSE error('cannot get array length of a scalar') END",
    // json(b)_object_keys as a list (fn names the function in the error); jsonb's keys once each,
    // shorter first, then by their bytes
    "CREATE OR REPLACE MACRO tf_json_object_keys(j, fn) AS CASE WHEN j IS NULL THEN NULL"
        + " WHEN json_type(j) = 'OBJECT' THEN json_keys(j)"
        + " WHEN json_type(j) = 'ARRAY' THEN error('cannot call ' || fn || ' on an array')"
        + " ELSE error('cannot call ' || fn || ' on a scalar') END",
    "CREATE OR REPLACE MACRO tf_jsonb_object_keys(j) AS list_transform(list_sort(list_distinct(list_transform("
        + "tf_json_object_keys(j, 'jsonb_object_keys'), lambda k: {'n': strlen(k), 'k': k}))), lambda s: s.k)",
    // the object of json(b)_each, with PostgreSQL's errors for an array and a scalar
    "CREATE OR REPLACE MACRO tf_json_object(j, on_array, on_scalar) AS CASE WHEN j IS NULL THEN NULL"
        + " WHEN json_type(j) = 'OBJECT' THEN CAST(j AS JSON) WHEN json_type(j) = 'ARRAY' THEN error(on_array)"
        + " ELSE error(on_scalar) END",
    // json(b)_array_elements as a list, with the errors PostgreSQL gives for an object and a scalar
    "CREATE OR REPLACE MACRO tf_json_array_elements(j, on_object, on_scalar) AS CASE WHEN j IS NULL THEN NULL"
        + " WHEN json_type(j) = 'ARRAY' THEN CAST(json_extract(j, '$[*]') AS JSON[])"
        + " WHEN json_type(j) = 'OBJECT' THEN error(on_object) ELSE error(on_scalar) END",
    "CREATE OR REPLACE MACRO tf_json_array_elements_text(j, on_object, on_scalar) AS"
        + " list_transform(tf_json_array_elements(j, on_object, on_scalar), lambda e: tf_json_text(e))",
    "CREATE OR REPLACE MACRO tf_jsonb_array_elements_text(j) AS list_transform(tf_json_array_elements(j,"
        + " 'cannot extract elements from an object', 'cannot extract elements from a scalar'), lambda e: tf_jsonb_text(e))",
    // #> and json(b)_extract_path: each step a key of an object or an index of an array (negative
    // from the end); any other step, or a NULL one, gives NULL. Keys go through a JSON pointer
    // (~ and / escaped), so that none is read as a DuckDB path.
    "CREATE OR REPLACE MACRO tf_json_path(j, path) AS list_reduce(list_transform(path, lambda k: to_json(k)),"
        + " lambda acc, k: CASE WHEN json_type(acc) = 'ARRAY' THEN json_extract(acc, TRY_CAST(json_extract_string(k, '$') AS BIGINT))"
        + " ELSE json_extract(acc, tf_json_pointer(json_extract_string(k, '$'))) END,"
        + " CAST(j AS JSON))",
    // j @> a constant object, as PgJsonbContainment writes it: a condition per value of the
    // template at a JSON pointer p, the value first (it drops most rows), its type after
    "CREATE OR REPLACE MACRO tf_jsonb_contained(j, conditions) AS CASE WHEN j IS NULL THEN NULL ELSE ifnull(conditions, false) END",
    "CREATE OR REPLACE MACRO tf_json_type_at(j, p, t) AS json_type(j, p) = t",
    "CREATE OR REPLACE MACRO tf_json_string_at(j, p, s) AS json_extract_string(j, p) = s AND json_type(j, p) = 'VARCHAR'",
    "CREATE OR REPLACE MACRO tf_json_boolean_at(j, p, b) AS json_extract_string(j, p) = b AND json_type(j, p) = 'BOOLEAN'",
    "CREATE OR REPLACE MACRO tf_json_number_at(j, p, n) AS TRY_CAST(json_extract_string(j, p) AS DOUBLE) = n"
        + " AND json_type(j, p) IN ('UBIGINT', 'BIGINT', 'HUGEINT', 'DOUBLE')",
    "CREATE OR REPLACE MACRO tf_jsonb_contains_at(j, p, t) AS tf_jsonb_contains(json_extract(j, p), t)",
    // ?, ?| and ?&: the keys of an object, the strings of an array, or a string itself
    "CREATE OR REPLACE MACRO tf_jsonb_strings(j) AS CASE json_type(CAST(j AS JSON)) WHEN 'OBJECT' THEN json_keys(j)"
        + " WHEN 'ARRAY' THEN list_transform(list_filter(CAST(json_extract(CAST(j AS JSON), '$[*]') AS JSON[]),"
        + " lambda e: json_type(e) = 'VARCHAR'), lambda e: json_extract_string(e, '$'))"
        + " WHEN 'VARCHAR' THEN [json_extract_string(j, '$')] ELSE [] END",
    // (an object's key is looked up, not listed: a third of the cost)
    "CREATE OR REPLACE MACRO tf_jsonb_exists(j, k) AS CASE WHEN j IS NULL OR k IS NULL THEN NULL"
        + " WHEN json_type(j) = 'OBJECT' THEN json_exists(j, tf_json_pointer(k)) ELSE list_contains(tf_jsonb_strings(j), k) END",
    "CREATE OR REPLACE MACRO tf_jsonb_exists_any(j, ks) AS CASE WHEN j IS NULL OR ks IS NULL THEN NULL"
        + " ELSE len(list_intersect(tf_jsonb_strings(j), list_filter(ks, lambda k: k IS NOT NULL))) > 0 END",
    "CREATE OR REPLACE MACRO tf_jsonb_exists_all(j, ks) AS CASE WHEN j IS NULL OR ks IS NULL THEN NULL"
        + " ELSE list_has_all(tf_jsonb_strings(j), list_filter(ks, lambda k: k IS NOT NULL)) END",
    // to_json(x), and a value in json_build_object or json_agg: as PostgreSQL converts it. p is a
    // probe of x (see DuckDb.PG_MACROS): a timestamp in ISO 8601 with a T (and the offset, UTC),
    // fractional seconds without trailing zeros; a number as written (1.50, not DuckDB's 1.5);
    // anything else as DuckDB's to_json.
    "CREATE OR REPLACE MACRO tf_iso_timestamp(t) AS strftime(t, '%Y-%m-%dT%H:%M:%S') || CASE WHEN microsecond(t) % 1000000 = 0"
        + " THEN '' ELSE rtrim('.' || lpad(CAST(microsecond(t) % 1000000 AS VARCHAR), 6, '0'), '0') END",
    "CREATE OR REPLACE MACRO tf_to_json_decimal(p DECIMAL, x) AS CAST(CAST(x AS VARCHAR) AS JSON), (p, x) AS to_json(x)",
    "CREATE OR REPLACE MACRO tf_to_json_timestamptz(p TIMESTAMPTZ, x) AS to_json(tf_iso_timestamp(x) || '+00:00'),"
        + " (p, x) AS tf_to_json_decimal(p, x)",
    "CREATE OR REPLACE MACRO tf_to_json_timestamp(p TIMESTAMP, x) AS to_json(tf_iso_timestamp(x)),"
        + " (p, x) AS tf_to_json_timestamptz(p, x)",
    "CREATE OR REPLACE MACRO tf_to_json(p DATE, x) AS to_json(x), (p, x) AS tf_to_json_timestamp(p, x)",
    // json_agg(DISTINCT x) of the list of x's distinct values, in order (a lambda cannot be written
    // in a rewritten query: DuckDB prints it back with the arrow the sessions turn off)
    "CREATE OR REPLACE MACRO tf_json_array_of(l) AS"
        + " '[' || array_to_string(list_transform(l, lambda v: ifnull(tf_to_json(v, v), 'null')), ', ') || ']'",
    // an object key of json_build_object (argument n) or json_object_agg, as a JSON string
    "CREATE OR REPLACE MACRO tf_json_key(k, n) AS CASE WHEN k IS NULL THEN error(CASE WHEN n = 0"
        + " THEN 'field name must not be null' ELSE 'argument ' || n || ' cannot be null' END)"
        + " ELSE CAST(to_json(CAST(k AS VARCHAR)) AS VARCHAR) END",
  };

  private PgJsonFunctions() {}

  /** Creates the functions in {@code root}'s database, where every connection sees them. */
  static void register(DuckDBConnection root) throws SQLException {
    scalar(root, "tf_jsonb_print", DuckDBColumnType.VARCHAR, PgJsonb::text);
    scalar(root, "tf_jsonb_pretty", DuckDBColumnType.VARCHAR, PgJsonb::pretty);
    scalar(root, "tf_jsonb_contains", PgJsonb::contains);
    try (Statement s = root.createStatement()) {
      for (String macro : MACROS) s.execute(macro);
    }
  }

  /** A function of one text argument, NULL for NULL. */
  private static void scalar(DuckDBConnection root, String name, DuckDBColumnType result, Function<String, String> f)
      throws SQLException {
    try (var b = DuckDBFunctions.scalarFunction()) {
      b.withName(name)
          .withParameters(DuckDBColumnType.VARCHAR)
          .withReturnType(result)
          .withVectorizedFunction(
              (in, out) -> {
                DuckDBReadableVector x = in.vector(0);
                for (long i = 0, n = in.rowCount(); i < n; i++) {
                  if (x.isNull(i)) out.setNull(i);
                  else out.setString(i, f.apply(x.getString(i)));
                }
              })
          .register(root);
    }
  }

  /** A predicate of two text arguments, NULL when either is. */
  private static void scalar(DuckDBConnection root, String name, BiFunction<String, String, Boolean> f) throws SQLException {
    try (var b = DuckDBFunctions.scalarFunction()) {
      b.withName(name)
          .withParameters(DuckDBColumnType.VARCHAR, DuckDBColumnType.VARCHAR)
          .withReturnType(DuckDBColumnType.BOOLEAN)
          .withVectorizedFunction(
              (in, out) -> {
                DuckDBReadableVector x = in.vector(0);
                DuckDBReadableVector y = in.vector(1);
                for (long i = 0, n = in.rowCount(); i < n; i++) {
                  if (x.isNull(i) || y.isNull(i)) out.setNull(i);
                  else out.setBoolean(i, f.apply(x.getString(i), y.getString(i)));
                }
              })
          .register(root);
    }
  }
}

package io.timefusion.query;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * The embedded DuckDB instance: one in-memory database holding the write buffer, with one
 * connection per client session (each sees its own temporary snapshot views).
 */
public final class DuckDb implements AutoCloseable {
  private final DuckDBConnection root;

  /**
   * DuckDBConnection's own interrupt and the lock it must be called under: JDBC's
   * Statement.cancel() interrupts only while a statement executes, not while a streamed result
   * is fetched, so a cancel or timeout during a fetch calls the connection's interrupt directly.
   */
  private static final MethodHandle INTERRUPT;
  private static final MethodHandle CONNECTION_LOCK;

  static {
    try {
      var lookup = MethodHandles.privateLookupIn(DuckDBConnection.class, MethodHandles.lookup());
      INTERRUPT = lookup.findVirtual(DuckDBConnection.class, "interrupt", MethodType.methodType(void.class));
      CONNECTION_LOCK = lookup.findGetter(DuckDBConnection.class, "connRefLock", java.util.concurrent.locks.ReentrantLock.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError("this duckdb_jdbc version has no connection interrupt: " + e);
    }
  }

  /** tf_avg's struct; an integer sum (HUGEINT) casts to it implicitly, so one overload takes both. */
  private static final String AVG_STRUCT = "STRUCT(tf_avg DOUBLE, tf_sum DOUBLE, tf_count BIGINT)";

  /**
   * Functions the PostgreSQL rewrites ({@code io.timefusion.sql.rewrite}) call, in the main
   * schema so that every connection sees them: division and modulo that raise on zero as
   * PostgreSQL does (a macro body does not see the session's integer_division setting), numeric
   * casts and division ({@code PgNumeric}), and extract(epoch) as numeric with microsecond scale.
   *
   * <p>Several macros choose what to compute by the type of a probe argument, {@code p}: an
   * overload with a typed parameter matches the types that cast to it implicitly (an integer
   * matches HUGEINT, an integer or a decimal matches DECIMAL) and casts the probe, never the value
   * computed on, which is passed untyped. A probe DuckDB cannot type takes the typed overload
   * (there is one per macro), so each chain starts with its safest case.
   */
  private static final String[] PG_MACROS = {
    // Numeric: DuckDB's DECIMAL(38, s). A float becomes its 15 significant digits (a float4 its
    // 6), rounded as PostgreSQL's float8 to numeric cast rounds, held at scale 16 (16 is
    // PgNumeric.INEXACT_SCALE): round(x * 10^k) is an exact integer below 10^15 and 10^n an exact
    // double up to n = 22. NaN and infinity have no decimal.
    "CREATE OR REPLACE MACRO tf_pow10(n) AS CAST(pow(10, least(n, 22)) AS HUGEINT) * CAST(pow(10, greatest(n - 22, 0)) AS HUGEINT)",
    "CREATE OR REPLACE MACRO tf_float_decimals(x, digits) AS"
        + " least(digits - 1 - CAST(floor(log10(greatest(abs(x), 1e-300))) AS INTEGER), 16)",
    "CREATE OR REPLACE MACRO tf_float_numeric(x, digits) AS CASE WHEN isfinite(x) THEN"
        + " CAST(CAST(round(x * pow(10, tf_float_decimals(x, digits))) AS HUGEINT) * tf_pow10(16 - tf_float_decimals(x, digits))"
        + " AS DECIMAL(38, 0)) * CAST(0.0000000000000001 AS DECIMAL(17, 16))"
        + " ELSE error('numeric value out of range: ' || x) END",
    // x::numeric: an integer or a decimal keeps its scale (and its width: DuckDB's common type of
    // two decimals, for CASE, COALESCE or UNION, keeps the integer digits of the wider and cuts
    // the decimals to fit 38 digits), a float4 or float8 is rounded as above, text is read at
    // scale 16.
    "CREATE OR REPLACE MACRO tf_numeric_float8(p DOUBLE, x) AS tf_float_numeric(CAST(x AS DOUBLE), 15),"
        + " (p, x) AS CAST(x AS DECIMAL(38, 16))",
    "CREATE OR REPLACE MACRO tf_numeric_float4(p FLOAT, x) AS tf_float_numeric(CAST(x AS DOUBLE), 6),"
        + " (p, x) AS tf_numeric_float8(p, x)",
    "CREATE OR REPLACE MACRO tf_numeric(p DECIMAL, x) AS x + CAST(0 AS DECIMAL(1, 0)), (p, x) AS tf_numeric_float4(p, x)",
    // sum(x)::numeric, p a probe of x: a sum of integers (HUGEINT) with 22 integer digits, which
    // leave room for 16 decimals in a common type
    "CREATE OR REPLACE MACRO tf_numeric_sum(p HUGEINT, s) AS CAST(s AS DECIMAL(22, 0)), (p, s) AS tf_numeric(p, s)",
    // The type PostgreSQL gives sum(x), for a probe p of x (PgNumeric.typeProbe): numeric for an
    // int8, int8 for smaller integers, x's own otherwise. DuckDB sums every integer into a HUGEINT.
    // (a probe is a number, not NULL: see PgNumeric.probe)
    "CREATE OR REPLACE MACRO tf_sum_type(p BIGINT) AS CAST(0 AS DECIMAL(38, 0)),"
        + " (p HUGEINT) AS CAST(0 AS DECIMAL(38, 0)), (p UBIGINT) AS CAST(0 AS DECIMAL(38, 0)),"
        + " (p INTEGER) AS CAST(1 AS BIGINT), (p SMALLINT) AS CAST(1 AS BIGINT), (p TINYINT) AS CAST(1 AS BIGINT),"
        + " (p) AS p",
    // a / b: integers truncate (// is DuckDB's integer division), integers and decimals divide
    // as numerics (to 15 significant digits, as a float8 quotient cast to numeric), anything else
    // (a float) as DuckDB's /. tf_div_by divides by a power of ten, exactly: a * r, r = 1 / b.
    "CREATE OR REPLACE MACRO tf_div_numeric(pa DECIMAL, pb DECIMAL, a, b) AS CASE WHEN b = 0 THEN error('division by zero')"
        + " ELSE tf_float_numeric(CAST(a AS DOUBLE) / CAST(b AS DOUBLE), 15) END,"
        + " (pa, pb, a, b) AS CASE WHEN b = 0 THEN error('division by zero') ELSE a / b END",
    "CREATE OR REPLACE MACRO tf_div(pa HUGEINT, pb HUGEINT, a, b) AS CASE WHEN b = 0 THEN error('division by zero') ELSE a // b END,"
        + " (pa, pb, a, b) AS tf_div_numeric(pa, pb, a, b)",
    "CREATE OR REPLACE MACRO tf_div_by_numeric(pa DECIMAL, pb DECIMAL, a, b, r) AS a * r, (pa, pb, a, b, r) AS a / b",
    "CREATE OR REPLACE MACRO tf_div_by(pa HUGEINT, pb HUGEINT, a, b, r) AS a // b, (pa, pb, a, b, r) AS tf_div_by_numeric(pa, pb, a, b, r)",
    "CREATE OR REPLACE MACRO tf_mod(a, b) AS CASE WHEN b = 0 THEN error('division by zero') ELSE a % b END",
    "CREATE OR REPLACE MACRO tf_epoch(x) AS CAST(epoch_us(x) AS DECIMAL(38, 0)) * 0.000001",
    // The same rounded to whole seconds, half away from zero (a numeric cast to an integer).
    "CREATE OR REPLACE MACRO tf_epoch_seconds(x) AS (epoch_us(x) + 500000 * sign(epoch_us(x))) // 1000000",
    // TimescaleDB's time_bucket(width, timestamptz), origin 2000-01-03 UTC: for a width of whole
    // seconds without months, in integers (to_timestamp of whole seconds is exact); other
    // widths, other argument types and infinities go to DuckDB's time_bucket, which gives the
    // same buckets through ICU.
    "CREATE OR REPLACE MACRO tf_bucket_us(w) AS CASE WHEN datepart('year', w) = 0 AND datepart('month', w) = 0"
        + " AND epoch(w) > 0 AND epoch(w) = floor(epoch(w)) THEN CAST(epoch(w) AS BIGINT) * 1000000 END",
    "CREATE OR REPLACE MACRO tf_time_bucket(w INTERVAL, ts TIMESTAMPTZ) AS"
        + " CASE WHEN tf_bucket_us(w) IS NOT NULL AND isfinite(ts) THEN to_timestamp((epoch_us(ts)"
        + " - ((epoch_us(ts) - 946857600000000) % tf_bucket_us(w) + tf_bucket_us(w)) % tf_bucket_us(w)) // 1000000)"
        + " ELSE time_bucket(w, ts) END,"
        + " (w INTERVAL, ts TIMESTAMP) AS time_bucket(w, ts), (w INTERVAL, ts DATE) AS time_bucket(w, ts),"
        + " (w, ts) AS time_bucket(w, ts)",
    // x = ANY(l) as PostgreSQL: NULL for a NULL array, false for an empty one, else true on a
    // match, NULL when x or an element is NULL, false otherwise.
    "CREATE OR REPLACE MACRO tf_any_eq(x, l) AS CASE WHEN l IS NULL THEN NULL WHEN len(l) = 0 THEN false"
        + " WHEN list_contains(l, x) THEN true WHEN x IS NULL OR list_count(l) < len(l) THEN NULL ELSE false END",
    // PostgreSQL's percentile_cont(f) WITHIN GROUP (ORDER BY x): the values at positions floor(r)
    // and ceil(r), r = f * (n - 1) in the aggregate's order, interpolated as lo + (r - floor(r)) *
    // (hi - lo) in the values' type. l holds the group's non-null values unsorted; up is whether
    // the order is ascending. Sorting each group's list costs twice DuckDB's own quantile_cont
    // (measured 6M rows: 822 ms against 396 ms), and DuckDB's quantile_cont interpolates as
    // lo * (1 - d) + hi * d, which differs from PostgreSQL in the last digit for about half the
    // groups. So one value e near position r comes from DuckDB's quantile_disc (a selection, not a
    // sort), and the two values wanted are e itself, the largest value below it or the smallest
    // above it, told apart by how many values lie below and above e (492 ms). A position further
    // away, which quantile_disc's rounding never gives in practice, is read from the sorted values
    // below or above e. Only e and the struct of its neighbourhood are captured by the inner
    // lambdas, not the group's list (about 20 % faster than capturing it, same answers).
    "CREATE OR REPLACE MACRO tf_percentile_cont(l, f, up) AS CASE"
        + " WHEN NOT f::DOUBLE BETWEEN 0 AND 1 THEN error('SQLSTATE 22003: percentile value ' || f::DOUBLE || ' is not between 0 and 1')"
        + " WHEN l IS NULL OR len(l) = 0 THEN NULL ELSE"
        + " list_transform([list_aggregate(l, 'quantile_disc', greatest(0, least(1, CASE WHEN up THEN f::DOUBLE ELSE 1 - f::DOUBLE END)))],"
        + " lambda e: tf_percentile_around(l, e, f::DOUBLE, up))[1] END",
    // e's neighbourhood is bound once through a one-element list: n values, r the position in the
    // aggregate's order, lt / gt the values below / above e.
    "CREATE OR REPLACE MACRO tf_percentile_around(l, e, f, up) AS list_transform("
        + "[{'n': len(l), 'r': f * (len(l) - 1), 'lt': list_filter(l, lambda v: v < e), 'gt': list_filter(l, lambda v: v > e)}],"
        + " lambda s: tf_percentile_lerp("
        + "tf_percentile_value(CASE WHEN up THEN floor(s.r) ELSE s.n - 1 - floor(s.r) END::BIGINT, e, s),"
        + " tf_percentile_value(CASE WHEN up THEN ceil(s.r) ELSE s.n - 1 - ceil(s.r) END::BIGINT, e, s),"
        + " s.r - floor(s.r)))[1]",
    // The value at ascending position a (from 0), given e's neighbourhood s.
    "CREATE OR REPLACE MACRO tf_percentile_value(a, e, s) AS CASE"
        + " WHEN a >= len(s.lt) AND a < s.n - len(s.gt) THEN e"
        + " WHEN a = len(s.lt) - 1 THEN list_max(s.lt)"
        + " WHEN a = s.n - len(s.gt) THEN list_min(s.gt)"
        + " WHEN a < len(s.lt) THEN list_sort(s.lt)[a + 1]"
        + " ELSE list_sort(s.gt)[a - (s.n - len(s.gt)) + 1] END",
    "CREATE OR REPLACE MACRO tf_percentile_lerp(lo, hi, d) AS lo + d * (hi - lo)",
    // AVG of integers is numeric, sum / count with a display scale that depends on both: for an
    // integer x, a struct of the value, the sum and the count, which the result layer prints as
    // PostgreSQL does (io.timefusion.sql.ResultTypes); DuckDB's avg for any other type. Where
    // DuckDB cannot type x before binding (an aggregate, an outer reference) it takes the typed
    // overload; a sum that is not HUGEINT then marks the struct as a plain double.
    "CREATE OR REPLACE MACRO tf_avg(x BIGINT, s, c, a) AS CASE WHEN c = 0 THEN NULL"
        + " ELSE {'tf_avg': CAST(s AS DOUBLE) / c, 'tf_sum': s, 'tf_count': c} END, (x, s, c, a) AS a",
    // The number in such a struct (anything else passes through), and that number rounded half
    // away from zero, as a numeric is cast to an integer.
    "CREATE OR REPLACE MACRO tf_avg_value(a " + AVG_STRUCT + ") AS struct_extract(a, 'tf_avg'), (a) AS a",
    "CREATE OR REPLACE MACRO tf_avg_round(a " + AVG_STRUCT + ") AS round(struct_extract(a, 'tf_avg')), (a) AS a",
    // The sum of an integer x (else a NULL double), and the sum or count in an integer average's struct:
    // hidden result columns from which the result layer prints a client's average.
    "CREATE OR REPLACE MACRO tf_avg_sum(x BIGINT, s) AS s, (x, s) AS CAST(NULL AS DOUBLE)",
    "CREATE OR REPLACE MACRO tf_avg_part(a STRUCT(tf_avg DOUBLE, tf_sum HUGEINT, tf_count BIGINT), f) AS struct_extract(a, f),"
        + " (a, f) AS NULL",
  };

  /**
   * @param readableDirs the only directories the engine may touch (table data, flush scratch):
   *     clients cannot read or write other files through it (read_csv('/etc/passwd'), ATTACH,
   *     INSTALL...), and the restriction cannot be lifted while the database runs
   */
  public DuckDb(long memoryLimitMb, int threads, Path spillDir, java.util.List<Path> readableDirs) throws SQLException {
    Properties p = new Properties();
    p.setProperty("memory_limit", memoryLimitMb + "MB");
    if (threads > 0) p.setProperty("threads", Integer.toString(threads));
    p.setProperty("temp_directory", spillDir.toString());
    p.setProperty("autoinstall_known_extensions", "false");
    p.setProperty("autoload_known_extensions", "false");
    root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", p);
    try (Statement s = root.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      // DuckDB's allocator (jemalloc) keeps freed memory for reuse: after a flush's sort and
      // Parquet write the server held up to ~1 GB that neither DuckDB nor the JVM accounted for.
      // A background thread purges it. Its own share is small: with the 128 MB buffer the 1M-row
      // INSERT benchmark peaked at 2,016-2,113 MiB without it and 2,013 MiB with it (bench/README.md).
      // Also flushing after every task that peaks past 16 MB lowered an ingest-only peak to 1,905 MiB
      // but made list-heavy queries 2-3x slower (tag search over 6 h of the 10M-row data
      // 150-230 ms -> 500-600 ms), so it is not done.
      s.execute("SET allocator_background_threads = true");
      s.execute("CREATE SCHEMA IF NOT EXISTS tf_buffer");
      // Data files never change once written (each has a fresh name): their parsed footers can be
      // kept between queries instead of being read and decoded again by each (a third of a short
      // dashboard query over 90-column files).
      s.execute("SET GLOBAL parquet_metadata_cache = true");
      for (String macro : PG_MACROS) s.execute(macro);
      for (String macro : PgFunctionMacros.MACROS) s.execute(macro);
      PgFunctions.install(root);
      // PostgreSQL's binary JSON type: DuckDB has one JSON type, so jsonb values are JSON text
      s.execute("CREATE TYPE jsonb AS JSON");
      PgJsonFunctions.register(root);
      StringBuilder dirs = new StringBuilder();
      for (Path d : readableDirs) {
        if (!dirs.isEmpty()) dirs.append(", ");
        dirs.append("'").append(d.toAbsolutePath().normalize().toString().replace("'", "''")).append("/'");
      }
      s.execute("SET allowed_directories = [" + dirs + "]");
      s.execute("SET enable_external_access = false");
    }
  }

  /** A new connection to the same database, set up with PostgreSQL-compatible session settings. */
  public DuckDBConnection connect() throws SQLException {
    DuckDBConnection c = (DuckDBConnection) root.duplicate();
    try (Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute("SET integer_division = true");
      // PostgreSQL's -> and ->> are JSON operators; DuckDB reads a single arrow as a lambda.
      s.execute("SET lambda_syntax = 'DISABLE_SINGLE_ARROW'");
    }
    return c;
  }

  /**
   * Stops what {@code c} runs, whether a statement executing or a streamed result being fetched:
   * it fails with DuckDB's "INTERRUPT Error". The mark lasts until the connection starts its next
   * query, so an interrupt that comes when nothing runs is forgotten.
   */
  public static void interrupt(DuckDBConnection c) {
    try {
      var lock = (java.util.concurrent.locks.ReentrantLock) CONNECTION_LOCK.invoke(c);
      lock.lock();
      try {
        INTERRUPT.invoke(c);
      } finally {
        lock.unlock();
      }
    } catch (SQLException e) {
      // the connection is closed: nothing runs on it any more
    } catch (Throwable e) {
      throw new IllegalStateException("cannot interrupt a DuckDB connection", e);
    }
  }

  @Override
  public void close() throws SQLException {
    root.close();
  }
}

package io.timefusion.write;

import static org.junit.jupiter.api.Assertions.*;

import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InsertStatementTest {
  static final SchemaRegistry REGISTRY = SchemaRegistry.load();
  static final long TS_1430 = 1737124200000000L; // 2025-01-17 14:30:00 UTC
  static final int DAY_0117 = (int) LocalDate.of(2025, 1, 17).toEpochDay();

  static final String SPEC_EXAMPLE =
      "INSERT INTO otel_logs_and_spans (name, id, project_id, timestamp, date, hashes, duration, attributes___http___response___status_code, attributes___user___id, attributes___error___type, kind) VALUES ('POST /api/v1/users', '550e8400-e29b-41d4-a716-446655440001', 'prod-api-001', '2025-01-17 14:30:00', '2025-01-17', ARRAY['trace_123'], 245000000, 200, 'u_123', NULL, 'SERVER'), ('GET /api/v1/users/:id', '550e8400-e29b-41d4-a716-446655440003', 'prod-api-001', '2025-01-17 14:40:00', '2025-01-17', ARRAY['trace_125'], 89000000, 200, 'u_456', NULL, 'SERVER');";

  BufferAllocator alloc;
  final List<VectorSchemaRoot> roots = new ArrayList<>();

  @BeforeEach
  void setUp() {
    alloc = new RootAllocator();
  }

  @AfterEach
  void noLeak() {
    roots.forEach(VectorSchemaRoot::close);
    assertEquals(0, alloc.getAllocatedMemory(), "Arrow memory leaked");
    alloc.close();
  }

  VectorSchemaRoot run(String sql, Object... params) {
    InsertStatement st = InsertStatement.parse(sql, REGISTRY);
    VectorSchemaRoot r = st.bind(Arrays.asList(params), alloc);
    roots.add(r);
    return r;
  }

  static String text(VectorSchemaRoot r, String col, int row) {
    VarCharVector v = (VarCharVector) r.getVector(col);
    return v.isNull(row) ? null : new String(v.get(row), java.nio.charset.StandardCharsets.UTF_8);
  }

  static Long micros(VectorSchemaRoot r, String col, int row) {
    TimeStampMicroTZVector v = (TimeStampMicroTZVector) r.getVector(col);
    return v.isNull(row) ? null : v.get(row);
  }

  static List<Object> list(VectorSchemaRoot r, String col, int row) {
    List<?> l = ((ListVector) r.getVector(col)).getObject(row);
    if (l == null) return null;
    List<Object> out = new ArrayList<>();
    for (Object o : l) out.add(o instanceof org.apache.arrow.vector.util.Text t ? t.toString() : o);
    return out;
  }

  static PgException fails(SqlState state, Runnable r) {
    PgException e = assertThrows(PgException.class, r::run);
    assertEquals(state, e.state(), () -> "got " + e.state() + ": " + e.getMessage());
    return e;
  }

  PgException failsRun(SqlState state, String sql, Object... params) {
    return fails(state, () -> run(sql, params));
  }

  static final String LOGS = "INSERT INTO otel_logs_and_spans (project_id, timestamp, ";

  @Test
  void specExample() {
    VectorSchemaRoot r = run(SPEC_EXAMPLE);
    assertEquals(2, r.getRowCount());
    assertEquals(91, r.getSchema().getFields().size());
    assertEquals("POST /api/v1/users", text(r, "name", 0));
    assertEquals("GET /api/v1/users/:id", text(r, "name", 1));
    assertEquals("prod-api-001", text(r, "project_id", 1));
    assertEquals(TS_1430, micros(r, "timestamp", 0));
    assertEquals(TS_1430 + 600_000_000L, micros(r, "timestamp", 1));
    assertEquals(DAY_0117, ((DateDayVector) r.getVector("date")).get(0));
    assertEquals(List.of("trace_125"), list(r, "hashes", 1));
    assertEquals(245000000L, ((BigIntVector) r.getVector("duration")).get(0));
    assertEquals(200, ((IntVector) r.getVector("attributes___http___response___status_code")).get(1));
    assertNull(text(r, "attributes___error___type", 0));
    assertEquals("SERVER", text(r, "kind", 1));
    assertTrue(r.getVector("body").isNull(0), "unnamed columns are null");
    assertTrue(r.getVector("summary").isNull(1));
  }

  @Test
  void invalidJsonIsRejected() {
    failsRun(SqlState.INVALID_TEXT_REPRESENTATION, LOGS + "attributes) VALUES ('p', '2025-01-17 14:30:00', '{\"a\": }')");
    failsRun(SqlState.INVALID_TEXT_REPRESENTATION, LOGS + "body) VALUES ('p', '2025-01-17 14:30:00', '{\"a\": 1} trailing')");
    VectorSchemaRoot ok = run(LOGS + "attributes) VALUES ('p', '2025-01-17 14:30:00', '{\"a\": [1, 2.5e3, true, null, \"\\u00e9\"]}')");
    assertEquals("{\"a\": [1, 2.5e3, true, null, \"\\u00e9\"]}", text(ok, "attributes", 0));
  }

  @Test
  void manyRowsOfLiteralNullsGrowEveryColumnStore() {
    // A long first row makes any row-count estimate from it too small, so the stores must grow.
    StringBuilder sql = new StringBuilder(LOGS + "name, duration, hashes) VALUES ");
    sql.append("('p', '2025-01-17 14:30:00', '").append("x".repeat(5000)).append("', 1, NULL)");
    for (int i = 1; i < 1000; i++) sql.append(",('p', '2025-01-17 14:30:00', NULL, NULL, NULL)");
    VectorSchemaRoot r = run(sql.toString());
    assertEquals(1000, r.getRowCount());
    assertNull(text(r, "name", 999));
    assertTrue(r.getVector("duration").isNull(999));
  }

  // ---- literal forms ----

  @Test
  void stringLiteralsAndEscapes() {
    VectorSchemaRoot r =
        run(LOGS + "name, kind, level, status_message, body) VALUES ('p', '2025-01-17 14:30:00', 'it''s', E'a\\tb\\n\\'q\\' \\u00e9\\x41', $$dollar 'quoted'$$, 'ünïcödé 😀', '{\"a\": [1, 2]}')");
    assertEquals("it's", text(r, "name", 0));
    assertEquals("a\tb\n'q' éA", text(r, "kind", 0));
    assertEquals("dollar 'quoted'", text(r, "level", 0));
    assertEquals("ünïcödé 😀", text(r, "status_message", 0));
    assertEquals("{\"a\": [1, 2]}", text(r, "body", 0), "json keeps the text as given");
  }

  @Test
  void numbersIntoColumns() {
    VectorSchemaRoot r =
        run("INSERT INTO otel_metrics (project_id, timestamp, value, histogram_count, histogram_sum, histogram_min, histogram_max, metric_name) VALUES ('p', '2025-01-17 14:30:00', 1.5, -42, -2.5e3, 7, '3.25', 12)");
    assertEquals(1.5, ((Float8Vector) r.getVector("value")).get(0));
    assertEquals(-42L, ((BigIntVector) r.getVector("histogram_count")).get(0));
    assertEquals(-2500.0, ((Float8Vector) r.getVector("histogram_sum")).get(0));
    assertEquals(7.0, ((Float8Vector) r.getVector("histogram_min")).get(0));
    assertEquals(3.25, ((Float8Vector) r.getVector("histogram_max")).get(0));
    assertEquals("12", text(r, "metric_name", 0), "int into text is an assignment cast");
  }

  @Test
  void decimalIntoIntegerRoundsLikeNumeric() {
    VectorSchemaRoot r = run(LOGS + "duration, attributes___client___port) VALUES ('p', '2025-01-17', 2.5, '  17 '), ('p', '2025-01-17', - 7, +8), ('p', '2025-01-17', -2.5, -9::int)");
    assertEquals(3L, ((BigIntVector) r.getVector("duration")).get(0));
    assertEquals(17, ((IntVector) r.getVector("attributes___client___port")).get(0));
    assertEquals(-7L, ((BigIntVector) r.getVector("duration")).get(1));
    assertEquals(8, ((IntVector) r.getVector("attributes___client___port")).get(1));
    assertEquals(-3L, ((BigIntVector) r.getVector("duration")).get(2), "numeric rounds half away from zero");
    assertEquals(-9, ((IntVector) r.getVector("attributes___client___port")).get(2));
  }

  @Test
  void booleansNullAndDefault() {
    VectorSchemaRoot r =
        run("INSERT INTO otel_metrics (project_id, timestamp, is_monotonic, metric_name, value) VALUES ('p', '2025-01-17 14:30:00', TRUE, DEFAULT, NULL), ('p', '2025-01-17 14:30:00', 'f', true, null), ('p', '2025-01-17', 'yes', false::text, 1)");
    BitVector b = (BitVector) r.getVector("is_monotonic");
    assertEquals(1, b.get(0));
    assertEquals(0, b.get(1));
    assertEquals(1, b.get(2));
    assertNull(text(r, "metric_name", 0));
    assertEquals("true", text(r, "metric_name", 1));
    assertEquals("false", text(r, "metric_name", 2));
    assertTrue(r.getVector("value").isNull(0));
    assertTrue(r.getVector("value").isNull(1));
  }

  @Test
  void timestampForms() {
    VectorSchemaRoot r =
        run(LOGS + "name) VALUES ('p', '2025-01-17 14:30:00', 'a'), ('p', '2025-01-17T14:30:00Z', 'b'), ('p', '2025-01-17 16:30:00.123456+02', 'c'), ('p', '2025-01-17 20:00:00+05:30', 'd'), ('p', '2025-01-17', 'e'), ('p', TIMESTAMP '2025-01-17 14:30:00', 'f'), ('p', '2025-01-17 14:30:00.1234567', 'g'), ('p', TIMESTAMP WITH TIME ZONE '2025-01-17 09:30:00-05', 'h'), ('p', '2025-01-17 14:30:00'::timestamp, 'i'), ('p', CAST('2025-01-17 14:30:00 UTC' AS timestamptz), 'j')");
    assertEquals(TS_1430, micros(r, "timestamp", 0));
    assertEquals(TS_1430, micros(r, "timestamp", 1));
    assertEquals(TS_1430 + 123456, micros(r, "timestamp", 2));
    assertEquals(TS_1430, micros(r, "timestamp", 3));
    assertEquals(TS_1430 - (14 * 3600 + 30 * 60) * 1_000_000L, micros(r, "timestamp", 4));
    assertEquals(TS_1430, micros(r, "timestamp", 5));
    assertEquals(TS_1430 + 123457, micros(r, "timestamp", 6), "rounded to microseconds");
    assertEquals(TS_1430, micros(r, "timestamp", 7));
    assertEquals(TS_1430, micros(r, "timestamp", 8));
    assertEquals(TS_1430, micros(r, "timestamp", 9));
  }

  @Test
  void timestampWithoutZoneIgnoresOffset() {
    VectorSchemaRoot r = run(LOGS + "name) VALUES ('p', '2025-01-17 14:30:00+02'::timestamp, 'x')");
    assertEquals(TS_1430, micros(r, "timestamp", 0));
  }

  @Test
  void dateFormsAndDerivation() {
    VectorSchemaRoot r =
        run(LOGS + "date) VALUES ('p', '2025-01-17 23:59:59+00', NULL), ('p', '2025-01-18 00:00:01', DATE '2025-01-01'), ('p', '2025-01-17 14:30:00', '2025-01-17'::date)");
    DateDayVector d = (DateDayVector) r.getVector("date");
    assertEquals(DAY_0117, d.get(0), "NULL date derived from timestamp");
    assertEquals((int) LocalDate.of(2025, 1, 1).toEpochDay(), d.get(1), "an explicit date is kept");
    assertEquals(DAY_0117, d.get(2));
    VectorSchemaRoot omitted = run("INSERT INTO otel_logs_and_spans (timestamp, project_id) VALUES ('2025-01-17 14:30:00+05', 'p'), ('1969-12-31 23:00:00', 'p')");
    assertEquals(DAY_0117, ((DateDayVector) omitted.getVector("date")).get(0), "omitted date derived (UTC day)");
    assertEquals(-1, ((DateDayVector) omitted.getVector("date")).get(1));
  }

  @Test
  void castsAndTypedConstants() {
    VectorSchemaRoot r =
        run(LOGS + "duration, attributes___client___port, name, kind, body, id, message_size_bytes) VALUES ('p', '2025-01-17 14:30:00', '42'::bigint, CAST('7' AS int4), 12::text, 3.5::float8::text, '{\"k\":1}'::jsonb, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid, '12'::numeric)");
    assertEquals(42L, ((BigIntVector) r.getVector("duration")).get(0));
    assertEquals(7, ((IntVector) r.getVector("attributes___client___port")).get(0));
    assertEquals("12", text(r, "name", 0));
    assertEquals("3.5", text(r, "kind", 0));
    assertEquals("{\"k\":1}", text(r, "body", 0));
    assertEquals("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", text(r, "id", 0));
    assertEquals(12L, ((BigIntVector) r.getVector("message_size_bytes")).get(0));
  }

  @Test
  void castTypeNames() {
    for (String t : List.of("text", "varchar", "character varying", "int", "int4", "integer", "bigint", "int8", "smallint", "float8", "double precision", "real", "float", "numeric", "bool", "boolean", "date", "timestamp", "timestamptz", "timestamp with time zone", "timestamp without time zone", "json", "jsonb")) {
      String v = switch (t) {
        case "bool", "boolean" -> "'1'";
        case "date", "timestamp", "timestamptz", "timestamp with time zone", "timestamp without time zone" -> "'2025-01-17'";
        case "json", "jsonb" -> "'1'";
        default -> "'1'";
      };
      VectorSchemaRoot r = run(LOGS + "name) VALUES ('p', '2025-01-17', " + v + "::" + t + ")");
      assertNotNull(text(r, "name", 0), t);
    }
  }

  // ---- arrays ----

  @Test
  void arrayForms() {
    VectorSchemaRoot r =
        run(LOGS + "hashes, summary) VALUES ('p', '2025-01-17', ARRAY['a', 'b'], '{x,\"y z\",NULL,\"NULL\",\"q\\\"\"}'), ('p', '2025-01-17', ARRAY[]::text[], '{}'), ('p', '2025-01-17', NULL, ARRAY['1', NULL]::text[]), ('p', '2025-01-17', '{\"a,b\"}'::text[], ARRAY[1, 2]::text[])");
    assertEquals(List.of("a", "b"), list(r, "hashes", 0));
    assertEquals(Arrays.asList("x", "y z", null, "NULL", "q\""), list(r, "summary", 0));
    assertEquals(List.of(), list(r, "hashes", 1));
    assertEquals(List.of(), list(r, "summary", 1));
    assertNull(list(r, "hashes", 2));
    assertEquals(Arrays.asList("1", null), list(r, "summary", 2));
    assertEquals(List.of("a,b"), list(r, "hashes", 3));
    assertEquals(List.of("1", "2"), list(r, "summary", 3));
  }

  @Test
  void numericArrays() {
    VectorSchemaRoot r =
        run("INSERT INTO otel_metrics (project_id, timestamp, histogram_bucket_counts, histogram_explicit_bounds) VALUES ('p', '2025-01-17', ARRAY[1, 2, 3], '{0.5, 1.5, NULL}'), ('p', '2025-01-17', '{4}', ARRAY[1, 2.5]::float8[])");
    assertEquals(List.of(1L, 2L, 3L), list(r, "histogram_bucket_counts", 0));
    assertEquals(Arrays.asList(0.5, 1.5, null), list(r, "histogram_explicit_bounds", 0));
    assertEquals(List.of(4L), list(r, "histogram_bucket_counts", 1));
    assertEquals(List.of(1.0, 2.5), list(r, "histogram_explicit_bounds", 1));
  }

  // ---- identifiers, comments, forms ----

  @Test
  void quotedIdentifiersSchemaAndComments() {
    VectorSchemaRoot r =
        run("/* lead */ insert -- comment\n into public.\"otel_logs_and_spans\" AS t (\"project_id\", \"timestamp\", NAME) values ('p', '2025-01-17 14:30:00', /* nested /* c */ */ 'n');");
    assertEquals("n", text(r, "name", 0));
    fails(SqlState.UNDEFINED_COLUMN, () -> run(LOGS + "\"Name\") VALUES ('p', '2025-01-17', 'x')"));
  }

  @Test
  void withoutColumnList() {
    VectorSchemaRoot r = run("INSERT INTO otel_metrics VALUES ('p', NULL, '2025-01-17 14:30:00', NULL, 'cpu')");
    assertEquals("cpu", text(r, "metric_name", 0));
    assertEquals(DAY_0117, ((DateDayVector) r.getVector("date")).get(0));
  }

  @Test
  void isInsert() {
    assertTrue(InsertStatement.isInsert("INSERT INTO t VALUES (1)"));
    assertTrue(InsertStatement.isInsert("  -- c\n /* x */ insert into t"));
    assertFalse(InsertStatement.isInsert("SELECT 1"));
    assertFalse(InsertStatement.isInsert("INSERTED"));
    assertFalse(InsertStatement.isInsert("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x"));
  }

  @Test
  void insertSelectOneRow() {
    VectorSchemaRoot r = run("INSERT INTO otel_logs_and_spans (project_id, timestamp, name, duration) SELECT 'p', $1, 'n', $2::int8", "2025-01-17 14:30:00", 5L);
    assertEquals(1, r.getRowCount());
    assertEquals(TS_1430, micros(r, "timestamp", 0));
    assertEquals(5L, ((BigIntVector) r.getVector("duration")).get(0));
  }

  // ---- parameters, prepared reuse, UNNEST ----

  @Test
  void parametersAndOids() {
    InsertStatement st =
        InsertStatement.parse(LOGS + "duration, name, hashes, date, attributes___client___port) VALUES ($1, $2, $3, $4::text, $5, $6, $7)", REGISTRY);
    assertArrayEquals(new int[] {25, 1184, 20, 25, 1009, 1082, 23}, st.paramOids());
    assertEquals(7, st.paramCount());
    OffsetDateTime ts = OffsetDateTime.of(2025, 1, 17, 16, 30, 0, 0, ZoneOffset.ofHours(2));
    try (VectorSchemaRoot r = st.bind(Arrays.asList("p", ts, 9L, "n", List.of("h1", "h2"), LocalDate.of(2025, 1, 17), 80), alloc)) {
      assertEquals(TS_1430, micros(r, "timestamp", 0));
      assertEquals(9L, ((BigIntVector) r.getVector("duration")).get(0));
      assertEquals(List.of("h1", "h2"), list(r, "hashes", 0));
      assertEquals(DAY_0117, ((DateDayVector) r.getVector("date")).get(0));
      assertEquals(80, ((IntVector) r.getVector("attributes___client___port")).get(0));
    }
  }

  @Test
  void javaValueShapes() {
    InsertStatement st = InsertStatement.parse(LOGS + "duration, attributes___client___port, name, body) VALUES ($1, $2, $3, $4, $5, $6)", REGISTRY);
    try (VectorSchemaRoot r = st.bind(Arrays.asList("p", LocalDateTime.of(2025, 1, 17, 14, 30), new BigDecimal("2.5"), (short) 3, 4.0, "[1,2]"), alloc)) {
      assertEquals(TS_1430, micros(r, "timestamp", 0), "timestamp without zone is UTC");
      assertEquals(3L, ((BigIntVector) r.getVector("duration")).get(0));
      assertEquals(3, ((IntVector) r.getVector("attributes___client___port")).get(0));
      assertEquals("4", text(r, "name", 0));
      assertEquals("[1,2]", text(r, "body", 0));
    }
  }

  @Test
  void preparedReuse() {
    InsertStatement st = InsertStatement.parse(LOGS + "name, kind) VALUES ($1, $2, $3, 'const'), ($1, $2, 'second', $3)", REGISTRY);
    for (int i = 0; i < 5; i++) {
      try (VectorSchemaRoot r = st.bind(List.of("p" + i, "2025-01-17 14:30:0" + i, "n" + i), alloc)) {
        assertEquals(2, r.getRowCount());
        assertEquals("p" + i, text(r, "project_id", 1));
        assertEquals(TS_1430 + i * 1_000_000L, micros(r, "timestamp", 0));
        assertEquals("n" + i, text(r, "name", 0));
        assertEquals("const", text(r, "kind", 0));
        assertEquals("second", text(r, "name", 1));
        assertEquals("n" + i, text(r, "kind", 1));
      }
    }
  }

  @Test
  void unnestLargeLists() {
    int n = 1000;
    List<Object> projects = new ArrayList<>(), stamps = new ArrayList<>(), durations = new ArrayList<>(), names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      projects.add("p" + (i % 3));
      stamps.add(OffsetDateTime.of(2025, 1, 17, 14, 30, 0, 0, ZoneOffset.UTC).plusSeconds(i));
      durations.add((long) i);
      names.add(i % 10 == 0 ? null : "n" + i);
    }
    InsertStatement st =
        InsertStatement.parse(LOGS + "duration, name) SELECT * FROM UNNEST($1::text[], $2::timestamptz[], $3::int8[], $4::text[]) AS t(a, b, c, d)", REGISTRY);
    assertArrayEquals(new int[] {1009, 1185, 1016, 1009}, st.paramOids());
    for (int round = 0; round < 2; round++) {
      try (VectorSchemaRoot r = st.bind(List.of(projects, stamps, durations, names), alloc)) {
        assertEquals(n, r.getRowCount());
        assertEquals("p2", text(r, "project_id", 998));
        assertEquals(TS_1430 + 999_000_000L, micros(r, "timestamp", 999));
        assertEquals(500L, ((BigIntVector) r.getVector("duration")).get(500));
        assertNull(text(r, "name", 10));
        assertEquals("n11", text(r, "name", 11));
        assertEquals(DAY_0117, ((DateDayVector) r.getVector("date")).get(0));
      }
    }
  }

  @Test
  void unnestInSelectListAndPadding() {
    InsertStatement st = InsertStatement.parse(LOGS + "name, kind) SELECT unnest($1::text[]), unnest($2), unnest($3::text[]), 'K'", REGISTRY);
    assertArrayEquals(new int[] {1009, 1185, 1009}, st.paramOids());
    try (VectorSchemaRoot r = st.bind(List.of(List.of("a", "b"), List.of("2025-01-17 14:30:00", "2025-01-17"), List.of("only")), alloc)) {
      assertEquals(2, r.getRowCount());
      assertEquals("only", text(r, "name", 0));
      assertNull(text(r, "name", 1), "shorter arrays are padded with NULL");
      assertEquals("K", text(r, "kind", 1), "plain items repeat on every row");
    }
  }

  // ---- errors ----

  @Test
  void unknownTableAndColumn() {
    failsRun(SqlState.UNDEFINED_TABLE, "INSERT INTO nope (a) VALUES (1)");
    failsRun(SqlState.UNDEFINED_TABLE, "INSERT INTO other.otel_logs_and_spans (name) VALUES (1)");
    PgException e = failsRun(SqlState.UNDEFINED_COLUMN, LOGS + "nope) VALUES ('p', '2025-01-17', 1)");
    assertEquals("column \"nope\" of relation \"otel_logs_and_spans\" does not exist", e.getMessage());
  }

  @Test
  void duplicateColumnAndArity() {
    assertEquals("column \"name\" specified more than once", failsRun(SqlState.DUPLICATE_COLUMN, LOGS + "name, name) VALUES ('p', '2025-01-17', 'a', 'b')").getMessage());
    assertEquals("INSERT has more expressions than target columns", failsRun(SqlState.SYNTAX_ERROR, LOGS + "name) VALUES ('p', '2025-01-17', 'a', 'b')").getMessage());
    assertEquals("INSERT has more target columns than expressions", failsRun(SqlState.SYNTAX_ERROR, LOGS + "name) VALUES ('p', '2025-01-17')").getMessage());
    assertEquals("VALUES lists must all be the same length", failsRun(SqlState.SYNTAX_ERROR, LOGS + "name) VALUES ('p', '2025-01-17', 'a'), ('p', '2025-01-17')").getMessage());
    failsRun(SqlState.SYNTAX_ERROR, LOGS + "name) VALUES ('p', '2025-01-17', 'a'");
    failsRun(SqlState.SYNTAX_ERROR, LOGS + "name) VALUES ('p', '2025-01-17', 'a)");
  }

  @Test
  void notNullViolations() {
    PgException e = failsRun(SqlState.NOT_NULL_VIOLATION, "INSERT INTO otel_logs_and_spans (timestamp, name) VALUES ('2025-01-17', 'x')");
    assertEquals("null value in column \"project_id\" of relation \"otel_logs_and_spans\" violates not-null constraint", e.getMessage());
    e = failsRun(SqlState.NOT_NULL_VIOLATION, "INSERT INTO otel_logs_and_spans (project_id, timestamp) VALUES ('p', '2025-01-17'), ('p', NULL)");
    assertTrue(e.getMessage().contains("\"timestamp\""), e.getMessage());
    failsRun(SqlState.NOT_NULL_VIOLATION, "INSERT INTO otel_logs_and_spans (project_id, timestamp) VALUES ($1, $2)", null, "2025-01-17");
    failsRun(SqlState.NOT_NULL_VIOLATION, "INSERT INTO otel_logs_and_spans DEFAULT VALUES");
  }

  @Test
  void badValues() {
    PgException e = failsRun(SqlState.INVALID_DATETIME_FORMAT, LOGS + "name) VALUES ('p', 'abc', 'x')");
    assertEquals("invalid input syntax for type timestamp with time zone: \"abc\"", e.getMessage());
    assertTrue(e.detail().contains("column \"timestamp\""), e.detail());
    e = failsRun(SqlState.INVALID_TEXT_REPRESENTATION, LOGS + "attributes___client___port) VALUES ('p', '2025-01-17', 'x1')");
    assertEquals("invalid input syntax for type integer: \"x1\"", e.getMessage());
    assertTrue(e.detail().contains("attributes___client___port"));
    e = failsRun(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, LOGS + "attributes___client___port) VALUES ('p', '2025-01-17', 3000000000)");
    assertTrue(e.detail().contains("attributes___client___port"));
    failsRun(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, LOGS + "duration) VALUES ('p', '2025-01-17', 99999999999999999999)");
    failsRun(SqlState.INVALID_DATETIME_FORMAT, LOGS + "date) VALUES ('p', '2025-01-17', 'tomorrowish')");
    failsRun(SqlState.DATETIME_FIELD_OVERFLOW, LOGS + "name) VALUES ('p', '2025-02-30', 'x')");
    failsRun(SqlState.INVALID_TEXT_REPRESENTATION, LOGS + "body) VALUES ('p', '2025-01-17', '{\"a\":')");
    failsRun(SqlState.INVALID_TEXT_REPRESENTATION, LOGS + "body) VALUES ('p', '2025-01-17', '{} {}')");
    failsRun(SqlState.INVALID_TEXT_REPRESENTATION, LOGS + "hashes) VALUES ('p', '2025-01-17', '{a,{b}}')");
    failsRun(SqlState.INVALID_TEXT_REPRESENTATION, "INSERT INTO otel_metrics (project_id, timestamp, is_monotonic) VALUES ('p', '2025-01-17', 'maybe')");
    failsRun(SqlState.INVALID_TEXT_REPRESENTATION, "INSERT INTO otel_metrics (project_id, timestamp, value) VALUES ('p', '2025-01-17', '1.5x')");
    failsRun(SqlState.INVALID_TEXT_REPRESENTATION, LOGS + "id) VALUES ('p', '2025-01-17', 'nope'::uuid)");
    e = failsRun(SqlState.DATATYPE_MISMATCH, LOGS + "name) VALUES ('p', 5, 'x')");
    assertTrue(e.getMessage().startsWith("column \"timestamp\" is of type timestamp with time zone but expression is of type"), e.getMessage());
    failsRun(SqlState.DATATYPE_MISMATCH, "INSERT INTO otel_metrics (project_id, timestamp, is_monotonic) VALUES ('p', '2025-01-17', 1)");
  }

  @Test
  void badParameterValues() {
    InsertStatement st = InsertStatement.parse(LOGS + "attributes___client___port) VALUES ($1, $2, $3)", REGISTRY);
    PgException e = fails(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, () -> st.bind(List.of("p", "2025-01-17", 5_000_000_000L), alloc));
    assertTrue(e.detail().contains("attributes___client___port"));
    fails(SqlState.INVALID_DATETIME_FORMAT, () -> st.bind(List.of("p", "not a time", 1), alloc));
    fails(SqlState.DATATYPE_MISMATCH, () -> st.bind(List.of("p", true, 1), alloc));
    fails(SqlState.PROTOCOL_VIOLATION, () -> st.bind(List.of("p"), alloc));
    InsertStatement un = InsertStatement.parse(LOGS + "duration) SELECT * FROM unnest($1::text[], $2::text[], $3::int8[])", REGISTRY);
    List<Object> longs = new ArrayList<>();
    for (int i = 0; i < 999; i++) longs.add((long) i);
    longs.add("x");
    e = fails(SqlState.INVALID_TEXT_REPRESENTATION, () -> un.bind(List.of(List.of("p"), List.of("2025-01-17"), longs), alloc));
    assertTrue(e.detail().contains("row 1000"), e.detail());
  }

  @Test
  void unsupportedFallsBack() {
    for (String sql : List.of(
        LOGS + "name) VALUES ('p', now(), 'x')",
        LOGS + "name) VALUES ('p', '2025-01-17', 'a' || 'b')",
        LOGS + "duration) VALUES ('p', '2025-01-17', 1 + 2)",
        LOGS + "name) VALUES ('p', '2025-01-17', 'x') RETURNING id",
        LOGS + "name) SELECT project_id, timestamp, name FROM otel_logs_and_spans",
        LOGS + "name) VALUES ('p', '2025-01-17', 'x'::varchar(3))",
        LOGS + "name) VALUES ('p', '2025-01-17', INTERVAL '1 day')",
        LOGS + "name) VALUES ('p', '2025-01-17', ARRAY[$3])")) {
      assertThrows(UnsupportedInsertException.class, () -> run(sql), sql);
    }
    assertEquals(SqlState.FEATURE_NOT_SUPPORTED, new UnsupportedInsertException("x").state());
  }

  @Test
  void onConflictDoNothingInsertsEveryRow() {
    InsertStatement st = InsertStatement.parse(LOGS + "name) VALUES ('p', '2025-01-17', 'x') ON CONFLICT DO NOTHING;", REGISTRY);
    assertEquals(3, st.targetColumns().length);
    fails(SqlState.INVALID_COLUMN_REFERENCE, () -> run(LOGS + "name) VALUES ('p', '2025-01-17', 'x') ON CONFLICT (id) DO NOTHING"));
    fails(SqlState.INVALID_COLUMN_REFERENCE, () -> run(LOGS + "name) VALUES ('p', '2025-01-17', 'x') ON CONFLICT ON CONSTRAINT pk DO NOTHING"));
    fails(SqlState.SYNTAX_ERROR, () -> run(LOGS + "name) VALUES ('p', '2025-01-17', 'x') ON CONFLICT DO UPDATE SET name = 'y'"));
  }

  @Test
  void failedBindLeavesNoMemory() {
    // the @AfterEach check asserts nothing stays allocated after errors raised mid-batch
    InsertStatement st = InsertStatement.parse(LOGS + "name, hashes) VALUES ($1, $2, 'n', ARRAY['a']), ($1, $2, 'n', ARRAY['b']), ($1, $3, 'n', ARRAY['c'])", REGISTRY);
    fails(SqlState.INVALID_DATETIME_FORMAT, () -> st.bind(List.of("p", "2025-01-17", "bad"), alloc));
    fails(SqlState.NOT_NULL_VIOLATION, () -> st.bind(Arrays.asList(null, "2025-01-17", "2025-01-17"), alloc));
    fails(SqlState.INVALID_DATETIME_FORMAT, () -> run(LOGS + "name) VALUES ('p', '2025-01-17', 'a'), ('p', 'bad', 'b')"));
  }
}

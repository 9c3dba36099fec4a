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
}

package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.timefusion.delta.StoreFileIO;
import io.timefusion.storage.LocalObjectStore;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariant 6, for the data and not only the log: every row and every value a flush writes is
 * read back by Delta Kernel's own Parquet reader (parquet-mr), the reader Java Delta clients use,
 * and equals what TimeFusion answers over the wire. Covers each physical type of both tables
 * (text, json, int4, int8, float8, bool, timestamptz, the date partition, text[], int8[], float8[]),
 * with NULLs and empty arrays, 30,000 rows per table, for both TIMEFUSION_PARQUET_VERSION values.
 */
class KernelReadTest {
  private static final int ROWS = 30_000;

  @ParameterizedTest
  @ValueSource(strings = {"v2", "v1"})
  void deltaKernelReadsEveryValueOfBothTables(String parquetVersion) throws Exception {
    try (TestServer server =
        TestServer.start(Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600", "TIMEFUSION_PARQUET_VERSION", parquetVersion))) {
      List<String> spanColumns = List.of("project_id", "date", "timestamp", "id", "name", "duration", "hashes",
          "attributes", "attributes___http___response___status_code", "summary");
      List<String> metricColumns = List.of("project_id", "date", "timestamp", "metric_name", "is_monotonic", "value",
          "histogram_count", "histogram_bucket_counts", "histogram_explicit_bounds");
      try (Connection c = server.connect(); Statement s = c.createStatement()) {
        assertEquals(ROWS, s.executeUpdate("INSERT INTO otel_logs_and_spans (project_id, timestamp, id, name, duration, "
            + "hashes, attributes, attributes___http___response___status_code, summary) SELECT 'kr-' || (i % 2), "
            + "TIMESTAMPTZ '2025-01-16 23:00:00+00' + (i * 7919 % " + ROWS + ") * INTERVAL '237 milliseconds', 'id-' || i, "
            + "CASE WHEN i % 11 = 0 THEN NULL ELSE 'op-' || (i % 37) END, CASE WHEN i % 13 = 0 THEN NULL ELSE i * 1000003 END, "
            + "CASE WHEN i % 17 = 0 THEN NULL ELSE ARRAY['trace:' || md5(i::text), 'user:user_' || (i % 101)] END, "
            + "'{\"k\": ' || i || ', \"s\": \"v' || (i % 5) || '\"}', CASE WHEN i % 19 = 0 THEN NULL ELSE 200 + i % 4 END, "
            + "CASE WHEN i % 23 = 0 THEN ARRAY[]::text[] ELSE ARRAY['line ' || i] END FROM generate_series(1, " + ROWS + ") AS t(i)"));
        assertEquals(ROWS, s.executeUpdate("INSERT INTO otel_metrics (project_id, timestamp, metric_name, is_monotonic, value, "
            + "histogram_count, histogram_bucket_counts, histogram_explicit_bounds) SELECT 'kr-m', "
            + "TIMESTAMPTZ '2025-01-16 23:30:00+00' + i * INTERVAL '1 second', 'm-' || (i % 7), CASE WHEN i % 3 = 0 THEN NULL "
            + "ELSE i % 2 = 0 END, CASE WHEN i % 29 = 0 THEN NULL ELSE i / 7.0 END, i, ARRAY[i, i * 2, 0], "
            + "CASE WHEN i % 31 = 0 THEN NULL ELSE ARRAY[0.5, i * 0.25] END FROM generate_series(1, " + ROWS + ") AS t(i)"));
      }
      assertEquals(2L * ROWS, server.server().flush());
      // v2 pages carry the delta encodings (what makes them faster to scan); v1 pages and the
      // metrics table, whose float columns stay v1 for parquet-mr, none of them
      for (String table : List.of("otel_logs_and_spans", "otel_metrics")) {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
            ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE encodings LIKE '%DELTA%'), count(*) FROM parquet_metadata('"
                + server.dataDir().resolve(table) + "/*/*/*.parquet')")) {
          rs.next();
          assertTrue(rs.getLong(2) > 0);
          assertEquals(parquetVersion.equals("v2") && table.equals("otel_logs_and_spans"), rs.getLong(1) > 0,
              table + ": " + rs.getLong(1) + " of " + rs.getLong(2) + " column chunks");
        }
      }

      Engine engine = DefaultEngine.create(new StoreFileIO(new LocalObjectStore(server.dataDir())));
      for (var table : List.of(Map.entry("otel_logs_and_spans", spanColumns), Map.entry("otel_metrics", metricColumns))) {
        List<String> read = kernelRows(engine, server.dataDir().resolve(table.getKey()).toUri().toString(), table.getValue());
        List<String> answered = serverRows(server, table.getKey(), table.getValue());
        assertEquals(ROWS, read.size(), table.getKey());
        read.sort(null);
        answered.sort(null);
        for (int i = 0; i < ROWS; i++) assertEquals(answered.get(i), read.get(i), table.getKey() + " row " + i);
      }
    }
  }

  /** Every row of the table's latest snapshot as Kernel reads it: the columns' values joined by '|'. */
  private static List<String> kernelRows(Engine engine, String tablePath, List<String> columns) throws Exception {
    Snapshot snap = Table.forPath(engine, tablePath).getLatestSnapshot(engine);
    StructType logical = snap.getSchema();
    Scan scan = snap.getScanBuilder().build();
    Row state = scan.getScanState(engine);
    StructType physical = ScanStateRow.getPhysicalDataReadSchema(engine, state);
    List<String> out = new ArrayList<>();
    int files = 0;
    try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
      while (scanFiles.hasNext()) {
        try (CloseableIterator<Row> fileRows = scanFiles.next().getRows()) {
          while (fileRows.hasNext()) {
            Row file = fileRows.next();
            files++;
            FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
            CloseableIterator<ColumnarBatch> data =
                engine.getParquetHandler().readParquetFiles(Utils.singletonCloseableIterator(status), physical, Optional.empty());
            try (CloseableIterator<FilteredColumnarBatch> batches = Scan.transformPhysicalData(engine, state, file, data)) {
              while (batches.hasNext()) {
                ColumnarBatch b = batches.next().getData();
                for (int r = 0; r < b.getSize(); r++) {
                  StringBuilder line = new StringBuilder();
                  for (String col : columns) {
                    int ordinal = logical.indexOf(col);
                    line.append(text(b.getColumnVector(ordinal), logical.at(ordinal).getDataType(), r)).append('|');
                  }
                  out.add(line.toString());
                }
              }
            }
          }
        }
      }
    }
    assertTrue(files >= 2, "rows in more than one partition file: " + files);
    return out;
  }

  private static String text(ColumnVector v, DataType type, int row) {
    if (v.isNullAt(row)) return "null";
    if (type instanceof StringType) return v.getString(row);
    if (type instanceof IntegerType) return Integer.toString(v.getInt(row));
    if (type instanceof LongType) return Long.toString(v.getLong(row));
    if (type instanceof DoubleType) return Double.toString(v.getDouble(row));
    if (type instanceof BooleanType) return Boolean.toString(v.getBoolean(row));
    if (type instanceof DateType) return LocalDate.ofEpochDay(v.getInt(row)).toString();
    if (type instanceof TimestampType) return Long.toString(v.getLong(row));
    if (type instanceof ArrayType a) {
      ArrayValue value = v.getArray(row);
      List<String> items = new ArrayList<>();
      for (int i = 0; i < value.getSize(); i++) items.add(text(value.getElements(), a.getElementType(), i));
      return items.toString();
    }
    throw new AssertionError("no reader for " + type);
  }

  /** The same rows and columns answered by TimeFusion over the wire, in the same spelling. */
  private static List<String> serverRows(TestServer server, String table, List<String> columns) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = server.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE project_id IN ('kr-0', 'kr-1', 'kr-m')")) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        StringBuilder line = new StringBuilder();
        for (int i = 1; i <= columns.size(); i++) line.append(value(rs, i, md.getColumnTypeName(i))).append('|');
        out.add(line.toString());
      }
    }
    return out;
  }

  private static String value(ResultSet rs, int i, String pgType) throws Exception {
    Object o = rs.getObject(i);
    if (o == null) return "null";
    switch (pgType) {
      case "timestamptz":
        return Long.toString(ChronoUnit.MICROS.between(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
            rs.getObject(i, OffsetDateTime.class)));
      case "date":
        return rs.getObject(i, LocalDate.class).toString();
      case "float8":
        return Double.toString(rs.getDouble(i));
      case "_text", "_int8", "_float8": {
        Array a = rs.getArray(i);
        List<String> items = new ArrayList<>();
        for (Object e : (Object[]) a.getArray()) items.add(e == null ? "null" : e instanceof Double d ? Double.toString(d) : e.toString());
        return items.toString();
      }
      default:
        return o.toString();
    }
  }
}

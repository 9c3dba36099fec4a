package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

/**
 * COPY through the wire with pgjdbc's CopyManager: text, CSV and binary in, text and CSV out,
 * bad rows, CopyFail. Every expected output here was checked against PostgreSQL 15.
 */
class CopyWireTest {
  private static final String LOGS_COLUMNS =
      "otel_logs_and_spans (project_id, timestamp, id, name, duration, hashes, attributes, severity___severity_number)";

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  private static CopyManager copyManager(Connection c) throws SQLException {
    return c.unwrap(PGConnection.class).getCopyAPI();
  }

  private static long copyIn(Connection c, String sql, String data) throws Exception {
    return copyManager(c).copyIn(sql, new StringReader(data));
  }

  private static String copyOut(Connection c, String sql) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    copyManager(c).copyOut(sql, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static long count(Connection c, String project) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM otel_logs_and_spans WHERE project_id = '" + project + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Rows of a query as lines of tab-separated getString values ("null" for NULL). */
  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          if (i > 1) b.append('|');
          b.append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  private static final String TEXT_ROWS =
      "copy-text\t2025-01-17 10:00:00+00\tid-1\ttab\\there\t100\t{a,\"b c\",NULL}\t{\"k\": \"v\"}\t9\n"
          + "copy-text\t2025-01-17T10:00:01Z\tid-2\tline\\nbreak \\\\ back\t\\N\t{}\t\\N\t\\N\n"
          + "copy-text\t2025-01-17 10:00:02\tid-3\toctal \\101\\x42 é\t-5\t\\N\t[1, 2]\t-1\n";

  @Test
  void textFormatInAndOut() throws Exception {
    try (Connection c = server.connect()) {
      assertEquals(3, copyIn(c, "COPY " + LOGS_COLUMNS + " FROM STDIN", TEXT_ROWS));
      assertEquals(
          List.of(
              "id-1|tab\there|100|{a,\"b c\",NULL}|{\"k\": \"v\"}|9|2025-01-17",
              "id-2|line\nbreak \\ back|null|{}|null|null|2025-01-17",
              "id-3|octal AB é|-5|null|[1, 2]|-1|2025-01-17"),
          rows(c, "SELECT id, name, duration, hashes, attributes, severity___severity_number, date FROM otel_logs_and_spans "
              + "WHERE project_id = 'copy-text' ORDER BY id"));
      String query = "(SELECT id, name, duration, hashes, attributes, date, timestamp FROM otel_logs_and_spans "
          + "WHERE project_id = 'copy-text' ORDER BY id)";
      assertEquals(
          "id-1\ttab\\there\t100\t{a,\"b c\",NULL}\t{\"k\": \"v\"}\t2025-01-17\t2025-01-17 10:00:00+00\n"
              + "id-2\tline\\nbreak \\\\ back\t\\N\t{}\t\\N\t2025-01-17\t2025-01-17 10:00:01+00\n"
              + "id-3\toctal AB é\t-5\t\\N\t[1, 2]\t2025-01-17\t2025-01-17 10:00:02+00\n",
          copyOut(c, "COPY " + query + " TO STDOUT"));
      assertEquals(
          "id,name,duration,hashes,attributes,date,timestamp\n"
              + "id-1,tab\there,100,\"{a,\"\"b c\"\",NULL}\",\"{\"\"k\"\": \"\"v\"\"}\",2025-01-17,2025-01-17 10:00:00+00\n"
              + "id-2,\"line\nbreak \\ back\",,{},,2025-01-17,2025-01-17 10:00:01+00\n"
              + "id-3,octal AB é,-5,,\"[1, 2]\",2025-01-17,2025-01-17 10:00:02+00\n",
          copyOut(c, "COPY " + query + " TO STDOUT WITH (FORMAT csv, HEADER)"));
    }
  }

  @Test
  void csvWithHeaderQuotedNewlinesAndEmptyStringVersusNull() throws Exception {
    String csv = "project_id,timestamp,id,name,status_message\n"
        + "copy-csv,2025-01-17 10:00:00,c1,\"a,b\",\"line1\nline2\"\n"
        + "copy-csv,2025-01-17 10:00:01,c2,\"say \"\"hi\"\"\",\n"
        + "copy-csv,2025-01-17 10:00:02,c3,\"\",plain\n";
    try (Connection c = server.connect()) {
      assertEquals(3, copyIn(c, "COPY otel_logs_and_spans (project_id, timestamp, id, name, status_message) "
          + "FROM STDIN WITH (FORMAT csv, HEADER true)", csv));
      String query = "(SELECT id, name, status_message, name IS NULL, status_message IS NULL FROM otel_logs_and_spans "
          + "WHERE project_id = 'copy-csv' ORDER BY id)";
      assertEquals(
          "id,name,status_message,?column?,?column?\n"
              + "c1,\"a,b\",\"line1\nline2\",f,f\n"
              + "c2,\"say \"\"hi\"\"\",,f,t\n"
              + "c3,\"\",plain,f,f\n",
          // the old spelling psql and drivers still send
          copyOut(c, "COPY " + query + " TO STDOUT WITH CSV HEADER"));
    }
  }

  @Test
  void csvDelimiterNullQuoteEscapeAndForceOptions() throws Exception {
    String csv = "copy-csv2|2025-01-17 10:00:00|d1|'it\\'s|here'|NULL\n"
        + "copy-csv2|2025-01-17 10:00:00|d2|NULL|'NULL'\n"
        + "copy-csv2|2025-01-17 10:00:00|d3|'NULL'|''\n";
    try (Connection c = server.connect()) {
      assertEquals(3, copyIn(c, "COPY otel_logs_and_spans (project_id, timestamp, id, name, status_message) FROM STDIN "
          + "WITH CSV DELIMITER '|' NULL 'NULL' QUOTE '''' ESCAPE '\\' FORCE NOT NULL name FORCE NULL status_message", csv));
      assertEquals(
          "d1;\"it's|here\";N/A;f;t\n" + "d2;\"NULL\";N/A;f;t\n" + "d3;\"NULL\";;f;f\n",
          copyOut(c, "COPY (SELECT id, name, status_message, name IS NULL, status_message IS NULL FROM otel_logs_and_spans "
              + "WHERE project_id = 'copy-csv2' ORDER BY id) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE (name), DELIMITER ';', NULL 'N/A')"));
    }
  }

  @Test
  void crlfLineEndsAndTheEndOfDataMarker() throws Exception {
    try (Connection c = server.connect()) {
      assertEquals(2, copyIn(c, "COPY otel_logs_and_spans (project_id, timestamp, id, name) FROM STDIN (FORMAT csv)",
          "copy-crlf,2025-01-17 10:00:00,x1,n\r\ncopy-crlf,2025-01-17 10:00:00,x2,\"m\r\nq\"\r\n\\.\r\nignored after the marker\n"));
      assertEquals(1, copyIn(c, "COPY otel_logs_and_spans (project_id, timestamp, id, name) FROM STDIN",
          "copy-crlf\t2025-01-17 10:00:00\tx3\tt\r\n\\.\nignored\n"));
      assertEquals(List.of("x1|n", "x2|m\r\nq", "x3|t"),
          rows(c, "SELECT id, name FROM otel_logs_and_spans WHERE project_id = 'copy-crlf' ORDER BY id"));
    }
  }

  /** Rows of every kind of escaping and quoting, to send in chunks of every size. */
  private static String chunkRows(String project, boolean csv) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      String name = "row " + i + " ünïcödé ✓ \\ tab\t \"q\" " + "x".repeat(i % 37);
      String ts = "2025-01-" + (10 + i % 9) + " 10:" + (10 + i % 50) + ":00";
      String hashes = "{h" + i + ",\"w s\"}";
      if (csv) {
        b.append(project).append(',').append(ts).append(",id-").append(1000 + i).append(",\"")
            .append(name.replace("\"", "\"\"")).append(i % 5 == 0 ? "\nsecond line" : "").append("\",")
            .append(i % 4 == 0 ? "" : Integer.toString(i * 7)).append(",\"").append(hashes.replace("\"", "\"\"")).append("\"\n");
      } else {
        b.append(project).append('\t').append(ts).append("\tid-").append(1000 + i).append('\t')
            .append(name.replace("\\", "\\\\").replace("\t", "\\t")).append(i % 5 == 0 ? "\\nsecond line" : "").append('\t')
            .append(i % 4 == 0 ? "\\N" : Integer.toString(i * 7)).append('\t').append(hashes).append('\n');
      }
    }
    return b.toString();
  }

  @Test
  void rowsMaySpanCopyDataMessagesAnywhere() throws Exception {
    String columns = " (project_id, timestamp, id, name, duration, hashes)";
    String select = "SELECT id, name, duration, hashes, timestamp, date FROM otel_logs_and_spans WHERE project_id = '%s' ORDER BY id";
    try (Connection c = server.connect()) {
      CopyManager cm = copyManager(c);
      for (boolean csv : new boolean[] {false, true}) {
        String sql = "COPY otel_logs_and_spans" + columns + " FROM STDIN" + (csv ? " (FORMAT csv)" : "");
        String whole = csv ? "chunks-csv-whole" : "chunks-text-whole";
        cm.copyIn(sql, new ByteArrayInputStream(chunkRows(whole, csv).getBytes(StandardCharsets.UTF_8)), 1 << 20);
        List<String> expected = rows(c, String.format(select, whole));
        assertEquals(300, expected.size());
        assertTrue(expected.get(0).startsWith("id-1000|row 0 ünïcödé ✓ \\ tab\t \"q\" \nsecond line|null|{h0,\"w s\"}|"), expected.get(0));
        for (int chunk : new int[] {1, 2, 3, 7, 64, 1000}) {
          String project = (csv ? "chunks-csv-" : "chunks-text-") + chunk;
          byte[] data = chunkRows(project, csv).getBytes(StandardCharsets.UTF_8);
          assertEquals(300, cm.copyIn(sql, new ByteArrayInputStream(data), chunk), "chunks of " + chunk + " bytes");
          assertEquals(expected, rows(c, String.format(select, project)), "chunks of " + chunk + " bytes");
        }
      }
    }
  }

  /** PostgreSQL 15's binary COPY output of one otel_metrics row (see the test below). */
  private static final String PG_BINARY_ROW =
      "5047434f50590aff0d0a00000000000000000000090000000362696e000000080002cee2be0ee800000000026d31000000010100000008"
          + "3ff800000000000000000008000000000000002a00000030000000010000000100000014000000030000000100000008000000000000"
          + "0001ffffffff0000000800000000000000030000002c0000000100000000000002bd000000020000000100000008"
          + "3fe0000000000000000000084004000000000000000000077b2261223a317dffff";

  private static byte[] hex(String h) {
    byte[] out = new byte[h.length() / 2];
    for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    return out;
  }

  @Test
  void binaryFormatInAndOutMatchesPostgres() throws Exception {
    // What PostgreSQL 15 wrote for: COPY (SELECT 'bin'::text, timestamptz '2025-01-17 10:00:00+00',
    // 'm1'::text, true, 1.5::float8, 42::int8, ARRAY[1,NULL,3]::int8[], ARRAY[0.5,2.5]::float8[],
    // '{"a":1}'::json) TO STDOUT WITH (FORMAT binary)
    byte[] pg = hex(PG_BINARY_ROW);
    String columns = "(project_id, timestamp, metric_name, is_monotonic, value, histogram_count, "
        + "histogram_bucket_counts, histogram_explicit_bounds, attributes)";
    try (Connection c = server.connect()) {
      assertEquals(1, copyManager(c).copyIn("COPY otel_metrics " + columns + " FROM STDIN WITH (FORMAT binary)",
          new ByteArrayInputStream(pg), 5));
      assertEquals(List.of("bin|2025-01-17 10:00:00+00|m1|t|1.5|42|{1,NULL,3}|{0.5,2.5}|{\"a\":1}|2025-01-17"),
          rows(c, "SELECT project_id, timestamp, metric_name, is_monotonic, value, histogram_count, histogram_bucket_counts, "
              + "histogram_explicit_bounds, attributes, date FROM otel_metrics WHERE project_id = 'bin'"));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      copyManager(c).copyOut("COPY (SELECT project_id, timestamp, metric_name, is_monotonic, value, histogram_count, "
          + "histogram_bucket_counts, histogram_explicit_bounds, attributes FROM otel_metrics WHERE project_id = 'bin') "
          + "TO STDOUT (FORMAT binary)", out);
      assertArrayEquals(pg, out.toByteArray());
      // A tuple with the wrong field count is refused.
      byte[] wrongCount = Arrays.copyOf(pg, 23);
      wrongCount[19] = 0;
      wrongCount[20] = 0;
      PSQLException e = assertThrows(PSQLException.class, () -> copyManager(c).copyIn(
          "COPY otel_metrics " + columns + " FROM STDIN (FORMAT binary)", new ByteArrayInputStream(wrongCount)));
      assertEquals("22P04", e.getSQLState());
      assertEquals("row field count is 0, expected 9", e.getServerErrorMessage().getMessage());
      // Text in binary format is still checked to be UTF-8.
      byte[] badText = pg.clone();
      assertEquals('b', badText[25]);
      badText[25] = (byte) 0xFF;
      e = assertThrows(PSQLException.class, () -> copyManager(c).copyIn(
          "COPY otel_metrics " + columns + " FROM STDIN (FORMAT binary)", new ByteArrayInputStream(badText)));
      assertEquals("22021", e.getSQLState());
      assertEquals("COPY otel_metrics, line 1, column project_id", e.getServerErrorMessage().getWhere());
      assertEquals(1, count(c, "bin", "otel_metrics"));
    }
  }

  private static long count(Connection c, String project, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table + " WHERE project_id = '" + project + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Runs a COPY that must fail; returns the error after checking that the session still works. */
  private static PSQLException failingCopy(Connection c, String sql, String data, String state) throws Exception {
    PSQLException e = assertThrows(PSQLException.class, () -> copyIn(c, sql, data), sql);
    assertEquals(state, e.getSQLState(), e.getMessage());
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 42")) {
      assertTrue(rs.next());
      assertEquals(42, rs.getInt(1));
    }
    return e;
  }

  @Test
  void aBadRowNamesItsLineAndColumnAndNothingOfTheCopyIsStored() throws Exception {
    String sql = "COPY otel_logs_and_spans (project_id, timestamp, id, duration) FROM STDIN";
    try (Connection c = server.connect()) {
      PSQLException e = failingCopy(c, sql,
          "bad\t2025-01-17 10:00:00\tb1\t1\nbad\t2025-01-17 10:00:00\tb2\t2\nbad\t2025-01-17 10:00:00\tb3\tabc\n"
              + "bad\t2025-01-17 10:00:00\tb4\t4\n", "22P02");
      assertEquals("invalid input syntax for type bigint: \"abc\"", e.getServerErrorMessage().getMessage());
      assertEquals("COPY otel_logs_and_spans, line 3, column duration: \"abc\"", e.getServerErrorMessage().getWhere());
      assertTrue(e.getMessage().contains("line 3, column duration"), e.getMessage());
      assertEquals(0, count(c, "bad"));

      e = failingCopy(c, sql, "bad\t2025-01-17 10:00:00\tb1\n", "22P04");
      assertEquals("missing data for column \"duration\"", e.getServerErrorMessage().getMessage());
      assertEquals("COPY otel_logs_and_spans, line 1: \"bad\t2025-01-17 10:00:00\tb1\"", e.getServerErrorMessage().getWhere());
      e = failingCopy(c, sql, "bad\t2025-01-17 10:00:00\tb1\t1\t2\n", "22P04");
      assertEquals("extra data after last expected column", e.getServerErrorMessage().getMessage());
      e = failingCopy(c, sql, "bad\t2025-01-17 10:00:00\tb1\t1\n\\N\t2025-01-17 10:00:00\tb1\t1\n", "23502");
      assertEquals("null value in column \"project_id\" of relation \"otel_logs_and_spans\" violates not-null constraint",
          e.getServerErrorMessage().getMessage());
      assertEquals("COPY otel_logs_and_spans, line 2: \"\\N\t2025-01-17 10:00:00\tb1\t1\"", e.getServerErrorMessage().getWhere());
      e = failingCopy(c, sql, "bad\t2025-13-17 10:00:00\tb1\t1\n", "22008");
      assertEquals("COPY otel_logs_and_spans, line 1, column timestamp: \"2025-13-17 10:00:00\"", e.getServerErrorMessage().getWhere());
      e = failingCopy(c, "COPY otel_logs_and_spans (project_id, timestamp, id, severity___severity_number) FROM STDIN",
          "bad\t2025-01-17 10:00:00\tb1\t99999999999\n", "22003");
      assertEquals("value \"99999999999\" is out of range for type integer", e.getServerErrorMessage().getMessage());
      e = failingCopy(c, "COPY otel_logs_and_spans (project_id, timestamp, id, hashes) FROM STDIN",
          "bad\t2025-01-17 10:00:00\tb1\t{bad\n", "22P02");
      assertEquals("malformed array literal: \"{bad\"", e.getServerErrorMessage().getMessage());
      e = failingCopy(c, "COPY otel_logs_and_spans (project_id, timestamp, id, attributes) FROM STDIN",
          "bad\t2025-01-17 10:00:00\tb1\t{\"a\":\n", "22P02");
      assertEquals("invalid input syntax for type json", e.getServerErrorMessage().getMessage());
      assertEquals("COPY otel_logs_and_spans, line 1, column attributes: \"{\"a\":\"", e.getServerErrorMessage().getWhere());
      e = failingCopy(c, "COPY otel_logs_and_spans (project_id, timestamp, id, name) FROM STDIN (FORMAT csv)",
          "bad,2025-01-17 10:00:00,b1,ok\nbad,2025-01-17 10:00:00,b2,\"abc\n", "22P04");
      assertEquals("unterminated CSV quoted field", e.getServerErrorMessage().getMessage());
      e = failingCopy(c, "COPY otel_logs_and_spans (project_id, timestamp, id, name) FROM STDIN",
          "bad\t2025-01-17 10:00:00\tb1\t\\xff\n", "22021");
      assertEquals("invalid byte sequence for encoding \"UTF8\": 0xff", e.getServerErrorMessage().getMessage());
      assertEquals(0, count(c, "bad"));
      // The session is as good as new: a valid COPY right after works.
      assertEquals(1, copyIn(c, sql, "bad\t2025-01-17 10:00:00\tgood\t1\n"));
      assertEquals(1, count(c, "bad"));
    }
  }

  @Test
  void copyFailFromTheClientStoresNothing() throws Exception {
    String sql = "COPY otel_logs_and_spans (project_id, timestamp, id) FROM STDIN";
    try (Connection c = server.connect()) {
      CopyIn op = copyManager(c).copyIn(sql);
      byte[] rows = "fail\t2025-01-17 10:00:00\tf1\nfail\t2025-01-17 10:00:00\tf2\n".getBytes(StandardCharsets.UTF_8);
      op.writeToCopy(rows, 0, rows.length);
      op.flushCopy();
      op.cancelCopy(); // CopyFail; pgjdbc insists on the server's error answer
      assertEquals(0, count(c, "fail"));
      // A Reader that fails halfway: CopyManager sends CopyFail and rethrows.
      Reader broken = new Reader() {
        private int calls;

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
          if (calls++ > 0) throw new IOException("disk on fire");
          String row = "fail\t2025-01-17 10:00:00\tf3\n";
          row.getChars(0, row.length(), buf, off);
          return row.length();
        }

        @Override
        public void close() {}
      };
      IOException e = assertThrows(IOException.class, () -> copyManager(c).copyIn(sql, broken));
      assertEquals("disk on fire", e.getMessage());
      assertEquals(0, count(c, "fail"));
      assertEquals(1, copyIn(c, sql, "fail\t2025-01-17 10:00:00\tf4\n"));
      assertEquals(1, count(c, "fail"));
    }
  }

  @Test
  void serverFilesAndProgramsAreRefusedAndBadOptionsAnswered() throws Exception {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      for (String sql : List.of(
          "COPY otel_logs_and_spans FROM '/etc/passwd'",
          "copy otel_logs_and_spans (project_id) from '/etc/passwd' with (format csv)",
          "COPY otel_logs_and_spans TO '/tmp/out.csv'",
          "COPY (SELECT 1) TO '/tmp/out.csv' WITH CSV",
          "COPY (SELECT * FROM read_csv('/etc/passwd')) TO STDOUT",
          "COPY otel_logs_and_spans FROM PROGRAM 'cat /etc/passwd'",
          "COPY (SELECT 1) TO PROGRAM 'touch /tmp/owned'")) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
      }
      for (String[] bad : List.of(
          new String[] {"COPY otel_logs_and_spans FROM STDIN (FORMAT xml)", "22023"},
          new String[] {"COPY otel_logs_and_spans FROM STDIN (DELIMITER 'ab')", "0A000"},
          new String[] {"COPY otel_logs_and_spans FROM STDIN (BOGUS 1)", "42601"},
          new String[] {"COPY otel_logs_and_spans FROM STDIN (FORMAT csv, FORMAT text)", "42601"},
          new String[] {"COPY otel_logs_and_spans FROM STDIN (FORMAT binary, HEADER)", "0A000"},
          new String[] {"COPY otel_logs_and_spans FROM STDIN (QUOTE '\"')", "0A000"},
          new String[] {"COPY nope FROM STDIN", "42P01"},
          new String[] {"COPY otel_logs_and_spans (nope) FROM STDIN", "42703"},
          new String[] {"COPY otel_logs_and_spans (id, id) FROM STDIN", "42701"},
          new String[] {"COPY (SELECT 1) FROM STDIN", "42601"},
          new String[] {"COPY (PRAGMA version) TO STDOUT", "42601"},
          new String[] {"COPY (SELECT 1 AS a) TO STDOUT (FORMAT csv, FORCE_QUOTE (nope))", "42703"})) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(bad[0]), bad[0]);
        assertEquals(bad[1], e.getSQLState(), bad[0] + ": " + e.getMessage());
      }
    }
  }

  @Test
  void copyOfAWholeTableAndOfNoRows() throws Exception {
    String load = "COPY otel_metrics (project_id, timestamp, metric_name, value) FROM STDIN WITH (FORMAT csv)";
    String rows = "whole,2025-01-17 10:00:00,a,1\nwhole,2025-01-17 10:00:01,b,2.25\n";
    try (Connection c = server.connect()) {
      assertEquals(2, copyIn(c, load, rows));
      // COPY of a table reads every project: the tenant guard refuses it like the SELECT it is.
      PSQLException e = assertThrows(PSQLException.class, () -> copyOut(c, "COPY otel_metrics TO STDOUT"));
      assertEquals("42501", e.getSQLState());
      assertEquals("metric_name,value\na,1\nb,2.25\n", copyOut(c,
          "COPY (SELECT metric_name, value FROM otel_metrics WHERE project_id = 'whole' ORDER BY 1) TO STDOUT (FORMAT csv, HEADER)"));
      assertEquals("", copyOut(c, "COPY (SELECT 1 WHERE false) TO STDOUT"));
      assertEquals(0, copyIn(c, "COPY otel_metrics (project_id, timestamp) FROM STDIN", ""));
    }
    try (TestServer open = TestServer.start(Map.of("TIMEFUSION_REQUIRE_PROJECT_FILTER", "false"));
        Connection c = open.connect()) {
      assertEquals(2, copyIn(c, load, rows));
      String all = copyOut(c, "COPY otel_metrics TO STDOUT");
      assertEquals(2, all.lines().count(), all);
      assertTrue(all.startsWith("whole\t2025-01-17\t2025-01-17 10:00:00+00\t\\N\ta\t"), all);
      assertEquals("whole|b\nwhole|a\n", copyOut(c, "COPY otel_metrics (project_id, metric_name) TO STDOUT (DELIMITER '|')")
          .lines().sorted(java.util.Comparator.reverseOrder()).map(l -> l + "\n").reduce("", String::concat));
    }
  }

  @Test
  void aCopyLargerThanTheWriteBufferIsRefusedWhole() throws Exception {
    try (TestServer small = TestServer.start(Map.of("TIMEFUSION_BUFFER_MAX_MEMORY_MB", "1"));
        Connection c = small.connect()) {
      String pad = "p".repeat(1000);
      StringBuilder data = new StringBuilder();
      for (int i = 0; i < 20_000; i++) data.append("huge\t2025-01-17 10:00:00\t").append(i).append('\t').append(pad).append('\n');
      String sql = "COPY otel_logs_and_spans (project_id, timestamp, id, name) FROM STDIN";
      PSQLException e = failingCopy(c, sql, data.toString(), "54000");
      assertTrue(e.getServerErrorMessage().getMessage().startsWith("COPY is too large"), e.getMessage());
      assertEquals(0, count(c, "huge"));
      // Smaller COPYs of the same rows go through.
      String part = data.substring(0, data.length() / 40);
      long rows = part.lines().count();
      assertEquals(rows, copyIn(c, sql, part));
      assertEquals(rows, count(c, "huge"));
    }
  }

  @Test
  void copiedRowsSurviveARestart() throws Exception {
    Path dir = Files.createTempDirectory("timefusion-copy-restart");
    Map<String, String> env = Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600");
    TestServer a = TestServer.startOn(dir, env);
    try (Connection c = a.connect()) {
      assertEquals(3, copyIn(c, "COPY " + LOGS_COLUMNS + " FROM STDIN", TEXT_ROWS));
    }
    a.stop();
    try (TestServer b = TestServer.startOn(dir, env); Connection c = b.connect()) {
      assertEquals(3, count(c, "copy-text"));
      assertEquals(List.of("id-1|tab\there", "id-2|line\nbreak \\ back", "id-3|octal AB é"),
          rows(c, "SELECT id, name FROM otel_logs_and_spans WHERE project_id = 'copy-text' ORDER BY id"));
    }
  }
}

package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
}

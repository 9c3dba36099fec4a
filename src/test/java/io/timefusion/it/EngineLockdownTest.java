package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The query engine can touch only the server's table and scratch directories: a client cannot
 * read or write any other file through it, whatever function or syntax it uses.
 */
class EngineLockdownTest {
  @Test
  void clientsCannotReachFilesOutsideTheTables() throws Exception {
    try (TestServer server = TestServer.start(); Connection c = server.connect(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO otel_logs_and_spans (project_id, timestamp) VALUES ('lock', '2025-01-17 10:00:00')");
      server.server().flush();
      for (String sql :
          List.of(
              "SELECT * FROM read_csv('/etc/passwd')",
              "SELECT * FROM read_text('/etc/hostname')",
              "SELECT * FROM read_parquet('/tmp/*.parquet')",
              "SELECT * FROM glob('/etc/*')",
              "WITH x AS (SELECT * FROM read_blob('/etc/passwd')) SELECT count(*) FROM x",
              "SELECT count(*) FROM tf_buffer.otel_logs_and_spans_g1",
              "SELECT count(*) FROM \"TF_BUFFER\".\"otel_logs_and_spans_g2\"")) {
        SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql), sql);
        assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
      }
      // Nor the table files themselves: that would bypass the tenant guard.
      String file;
      // (the table directory, or with S3 storage the disk cache the engine reads from)
      try (var files = java.nio.file.Files.walk(server.dataDir())) {
        file = files.filter(f -> f.toString().endsWith(".parquet") && f.toString().contains("project_id=lock"))
            .findFirst().orElseThrow().toString();
      }
      for (String sql :
          List.of(
              "SELECT * FROM read_parquet('" + file + "')",
              "SELECT * FROM parquet_scan(['" + file + "'])",
              "SELECT * FROM parquet_metadata('" + file + "')",
              "SELECT count(*) FROM (SELECT * FROM otel_logs_and_spans WHERE project_id = 'lock') t"
                  + " WHERE EXISTS (SELECT 1 FROM READ_PARQUET('" + file + "'))",
              "SELECT * FROM '" + file + "'",
              "SELECT * FROM \"" + file + "\"")) {
        SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql), sql);
        assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
      }
      SQLException bare = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM '/etc/hostname'"));
      assertEquals("42501", bare.getSQLState(), bare.getMessage());
      for (String sql :
          List.of(
              "ATTACH '/tmp/x.db' AS x", "  /* hidden */ attach '/tmp/y.db'", "DETACH x", "INSTALL httpfs",
              "FORCE INSTALL httpfs", "LOAD httpfs", "PRAGMA version", "CALL pragma_version()",
              "EXPORT DATABASE '/tmp/dump'", "IMPORT DATABASE '/tmp/dump'", "USE memory")) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
      }
      // COPY reaches only the client (STDIN, STDOUT), never the server's files or programs.
      for (String sql :
          List.of(
              "COPY (SELECT 1) TO '/tmp/out.csv'", "COPY otel_logs_and_spans FROM '/etc/passwd'",
              "copy otel_logs_and_spans to '/tmp/t.csv' (format csv)", "COPY (SELECT 1) TO PROGRAM 'id'",
              "COPY (SELECT * FROM read_text('/etc/hostname')) TO STDOUT")) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
      }
      // The tables themselves, in the buffer and in Delta, stay readable.
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM otel_logs_and_spans WHERE project_id = 'lock'")) {
        rs.next();
        assertEquals(1, rs.getLong(1));
      }
      s.executeUpdate("INSERT INTO otel_logs_and_spans (project_id, timestamp) VALUES ('lock', '2025-01-17 11:00:00')");
      assertEquals(1, server.server().flush());
    }
  }
}

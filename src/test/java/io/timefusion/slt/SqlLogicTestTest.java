package io.timefusion.slt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runner itself, checked on an in-memory DuckDB so it runs in every build. */
class SqlLogicTestTest {
  private Connection conn;

  @BeforeEach
  void open() throws SQLException {
    conn = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterEach
  void close() throws SQLException {
    conn.close();
  }

  private static final String SETUP = """
      # a table to read
      statement ok
      CREATE TABLE t (k VARCHAR, v INTEGER)

      statement ok
      INSERT INTO t VALUES ('b', 2), ('a', NULL), ('', 3)

      """;

  @Test
  void matchingFilePasses() {
    List<String> failures = SqlLogicTest.parse("ok.slt", SETUP + """
        query TI rowsort
        SELECT k, v FROM t
        ----
        b 2
        a NULL
        (empty) 3

        query TI valuesort
        SELECT k, v FROM t
        ----
        (empty)
        2
        3
        NULL
        a
        b

        statement error (?i)does not exist
        SELECT * FROM missing

        query I
        SELECT COUNT(*) FROM t
        ----
        3
        """).run(conn);
    assertEquals(List.of(), failures);
  }

  @Test
  void pendingRecordsAreReportedWhileTheyDifferAndFailOnceTheyMatch() {
    SqlLogicTest stillDifferent = SqlLogicTest.parse("pending.slt", SETUP + """
        # pending: known difference
        query I
        SELECT COUNT(*) FROM t
        ----
        4
        """);
    assertEquals(List.of(), stillDifferent.run(conn));
    assertEquals(1, stillDifferent.pendingReports().size());

    List<String> fixed = SqlLogicTest.parse("fixed.slt", """
        # pending: known difference
        query I
        SELECT COUNT(*) FROM t
        ----
        3
        """).run(conn);
    assertEquals(1, fixed.size());
    assertTrue(fixed.get(0).contains("remove the marker"), fixed.get(0));
  }

  @Test
  void wrongRowsAreReportedWithFileLineSqlAndBothSides() {
    List<String> failures = SqlLogicTest.parse("bad.slt", SETUP + """
        query TI
        SELECT k, v FROM t WHERE k = 'b'
        ----
        b 3
        """).run(conn);
    assertEquals(1, failures.size(), failures.toString());
    String f = failures.get(0);
    assertTrue(f.startsWith("bad.slt:8: result mismatch"), f);
    assertTrue(f.contains("SELECT k, v FROM t WHERE k = 'b'") && f.contains("    b 3") && f.contains("    b 2"), f);
  }

  @Test
  void nosortComparesInOrder() {
    List<String> failures = SqlLogicTest.parse("order.slt", SETUP + """
        query T
        SELECT k FROM t WHERE k <> '' ORDER BY k
        ----
        b
        a
        """).run(conn);
    assertEquals(1, failures.size(), failures.toString());
  }

  @Test
  void unexpectedSuccessAndWrongErrorFail() {
    List<String> failures = SqlLogicTest.parse("err.slt", SETUP + """
        statement error 42P01
        SELECT 1

        statement error no such words
        SELECT * FROM missing

        statement ok
        SELECT * FROM missing

        query II
        SELECT k FROM t
        ----
        """).run(conn);
    assertEquals(4, failures.size(), failures.toString());
    assertTrue(failures.get(0).contains("statement succeeded, expected error 42P01"), failures.get(0));
    assertTrue(failures.get(1).contains("expected error no such words"), failures.get(1));
    assertTrue(failures.get(2).contains("statement failed"), failures.get(2));
    assertTrue(failures.get(3).contains("returned 1 columns"), failures.get(3));
  }

  @Test
  void haltStopsTheFile() {
    SqlLogicTest slt = SqlLogicTest.parse("halt.slt", SETUP + "halt\n\nstatement ok\nnot sql\n");
    assertEquals(2, slt.recordCount());
  }

  @Test
  void malformedRecordIsASyntaxError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SqlLogicTest.parse("x.slt", "\nselect 1\n"));
    assertTrue(e.getMessage().startsWith("x.slt:2:"), e.getMessage());
  }

  @Test
  void recordingFillsExpectedBlocksAndKeepsTheRest() {
    String text = SETUP + """
        # the answer
        query I
        SELECT v FROM t WHERE k = 'b'
        ----
        999

        query T
        SELECT k FROM t WHERE v = 3
        ----
        """;
    String recorded = SqlLogicTest.parse("rec.slt", text).recordedText(conn);
    assertEquals(text.replace("999", "2") + "(empty)\n", recorded);
  }
}

package io.timefusion.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {
  @Test
  void splitsAtTopLevelSemicolons() {
    assertEquals(List.of("SELECT 1", "SELECT 2"), StatementSplitter.split("SELECT 1; SELECT 2;"));
    assertEquals(List.of("SELECT 1"), StatementSplitter.split("  SELECT 1  "));
  }

  @Test
  void dropsEmptyStatements() {
    assertEquals(List.of(), StatementSplitter.split(""));
    assertEquals(List.of(), StatementSplitter.split(" ;; -- nothing\n /* here */ ;"));
    assertEquals(List.of("SELECT 1"), StatementSplitter.split(";;SELECT 1;;"));
  }

  @Test
  void keepsQuotedTextWhole() {
    assertEquals(List.of("SELECT 'a;''b'", "SELECT 2"), StatementSplitter.split("SELECT 'a;''b'; SELECT 2"));
    assertEquals(List.of("SELECT E'a\\';b'", "SELECT 2"), StatementSplitter.split("SELECT E'a\\';b'; SELECT 2"));
    assertEquals(List.of("SELECT 'a\\'", "SELECT 2"), StatementSplitter.split("SELECT 'a\\'; SELECT 2"));
    assertEquals(List.of("SELECT 1 AS \"x;\"\"y\"", "SELECT 2"), StatementSplitter.split("SELECT 1 AS \"x;\"\"y\"; SELECT 2"));
  }

  @Test
  void keepsDollarQuotesWhole() {
    assertEquals(List.of("SELECT $$a;b$$", "SELECT 2"), StatementSplitter.split("SELECT $$a;b$$; SELECT 2"));
    assertEquals(List.of("SELECT $fn$ $$; $fn$", "SELECT $1"), StatementSplitter.split("SELECT $fn$ $$; $fn$; SELECT $1"));
  }

  @Test
  void keepsCommentsWhole() {
    assertEquals(List.of("SELECT 1 -- a;b\n+ 1", "SELECT 2"), StatementSplitter.split("SELECT 1 -- a;b\n+ 1; SELECT 2"));
    assertEquals(List.of("SELECT /* a; /* nested; */ b; */ 1", "SELECT 2"),
        StatementSplitter.split("SELECT /* a; /* nested; */ b; */ 1; SELECT 2"));
  }

  @Test
  void blankMeansOnlyWhitespaceAndComments() {
    assertTrue(StatementSplitter.isBlank(" -- x\n/* y */ "));
    assertFalse(StatementSplitter.isBlank(" -- x\nSELECT"));
  }
}

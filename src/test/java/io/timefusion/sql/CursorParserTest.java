package io.timefusion.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.timefusion.error.PgException;
import io.timefusion.sql.CursorStatement.Close;
import io.timefusion.sql.CursorStatement.Declare;
import io.timefusion.sql.CursorStatement.Direction;
import io.timefusion.sql.CursorStatement.Fetch;
import org.junit.jupiter.api.Test;

/** PostgreSQL's grammar of DECLARE, FETCH, MOVE and CLOSE, as the wire tests do not spell out every form. */
class CursorParserTest {
  @Test
  void declare() {
    assertEquals(new Declare("c", false, false, "SELECT 1"), CursorParser.parse("DECLARE c CURSOR FOR SELECT 1"));
    assertEquals(new Declare("My Cursor", true, true, "select \"x\" from t -- the end"),
        CursorParser.parse("declare \"My Cursor\" BINARY insensitive NO SCROLL cursor /* hold */ WITH HOLD for\n  select \"x\" from t -- the end"));
    assertEquals(new Declare("c", false, false, "VALUES (1)"), CursorParser.parse("DECLARE C ASENSITIVE CURSOR WITHOUT HOLD FOR VALUES (1)"));
    assertEquals(new Declare("a\"b", false, false, "SELECT 1"), CursorParser.parse("DECLARE \"a\"\"b\" CURSOR FOR SELECT 1"));
    assertSyntaxError("syntax error at or near \"select\"", "DECLARE c CURSOR select 1");
    assertSyntaxError("syntax error at end of input", "DECLARE c CURSOR FOR ");
    assertSyntaxError("syntax error at or near \"for\"", "DECLARE c CURSOR WITH FOR SELECT 1");
    assertSyntaxError("syntax error at or near \"sensitive\"", "DECLARE c SENSITIVE CURSOR FOR SELECT 1");
    assertSyntaxError("syntax error at or near \"1\"", "DECLARE 1 CURSOR FOR SELECT 1");
    PgException scroll = assertThrows(PgException.class, () -> CursorParser.parse("DECLARE c SCROLL CURSOR FOR SELECT 1"));
    assertEquals("0A000", scroll.state().code());
  }

  @Test
  void fetchAndMove() {
    assertFetch("FETCH c", Direction.FORWARD, 1);
    assertFetch("FETCH FROM c", Direction.FORWARD, 1);
    assertFetch("FETCH NEXT IN c", Direction.FORWARD, 1);
    assertFetch("FETCH PRIOR c", Direction.FORWARD, -1);
    assertFetch("FETCH FIRST FROM c", Direction.ABSOLUTE, 1);
    assertFetch("FETCH LAST c", Direction.ABSOLUTE, -1);
    assertFetch("FETCH 25 c", Direction.FORWARD, 25);
    assertFetch("FETCH +25 FROM c", Direction.FORWARD, 25);
    assertFetch("FETCH -3 c", Direction.FORWARD, -3);
    assertFetch("FETCH ALL IN c", Direction.FORWARD, CursorStatement.ALL);
    assertFetch("FETCH FORWARD c", Direction.FORWARD, 1);
    assertFetch("FETCH FORWARD 1000 FROM c", Direction.FORWARD, 1000);
    assertFetch("FETCH FORWARD ALL c", Direction.FORWARD, CursorStatement.ALL);
    assertFetch("FETCH BACKWARD c", Direction.FORWARD, -1);
    assertFetch("FETCH BACKWARD -2 c", Direction.FORWARD, 2);
    assertFetch("FETCH BACKWARD ALL c", Direction.FORWARD, -CursorStatement.ALL);
    assertFetch("FETCH RELATIVE 3 c", Direction.RELATIVE, 3);
    assertFetch("FETCH ABSOLUTE -1 FROM c", Direction.ABSOLUTE, -1);
    assertEquals(new Fetch("Big", true, Direction.FORWARD, 10), CursorParser.parse("move forward 10 from \"Big\""));
    assertEquals(new Fetch("next", false, Direction.FORWARD, 1), CursorParser.parse("FETCH next"));
    assertSyntaxError("syntax error at end of input", "FETCH");
    assertSyntaxError("syntax error at or near \"1\"", "FETCH NEXT 1 FROM c");
    assertSyntaxError("syntax error at or near \"x\"", "FETCH FORWARD x FROM c");
    assertSyntaxError("syntax error at end of input", "FETCH RELATIVE c");
    assertSyntaxError("syntax error at or near \"2\"", "FETCH 1 2 c");
  }

  @Test
  void close() {
    assertEquals(new Close("c"), CursorParser.parse("CLOSE C"));
    assertEquals(new Close("_psql_cursor"), CursorParser.parse("close _psql_cursor"));
    assertEquals(new Close(null), CursorParser.parse("CLOSE ALL"));
    assertEquals(new Close("all"), CursorParser.parse("CLOSE \"all\""));
    assertSyntaxError("syntax error at or near \"d\"", "CLOSE c d");
  }

  private static void assertFetch(String sql, Direction direction, long count) {
    assertEquals(new Fetch("c", false, direction, count), CursorParser.parse(sql), sql);
  }

  private static void assertSyntaxError(String message, String sql) {
    PgException e = assertThrows(PgException.class, () -> CursorParser.parse(sql), sql);
    assertEquals("42601", e.state().code(), sql);
    assertEquals(message, e.getMessage(), sql);
  }
}

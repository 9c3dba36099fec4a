package io.timefusion.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timefusion.error.PgException;
import org.junit.jupiter.api.Test;

class StatementTimeoutTest {
  @Test
  void valuesAsPostgresReadsThem() {
    assertEquals(100, StatementTimeout.parseMillis("100ms"));
    assertEquals(5000, StatementTimeout.parseMillis("5000"));
    assertEquals(2000, StatementTimeout.parseMillis("2s"));
    assertEquals(2000, StatementTimeout.parseMillis(" 2 s "));
    assertEquals(60_000, StatementTimeout.parseMillis("1min"));
    assertEquals(7_200_000, StatementTimeout.parseMillis("2h"));
    assertEquals(86_400_000, StatementTimeout.parseMillis("1d"));
    assertEquals(1500, StatementTimeout.parseMillis("1.5s"));
    assertEquals(2, StatementTimeout.parseMillis("1500us"));
    assertEquals(0, StatementTimeout.parseMillis("0"));
    assertEquals(0, StatementTimeout.parseMillis("DEFAULT"));
  }

  @Test
  void showedInTheLargestUnitThatDividesThem() {
    assertEquals("0", StatementTimeout.show(0));
    assertEquals("100ms", StatementTimeout.show(100));
    assertEquals("5s", StatementTimeout.show(5000));
    assertEquals("1min", StatementTimeout.show(60_000));
    assertEquals("90s", StatementTimeout.show(90_000));
    assertEquals("1d", StatementTimeout.show(86_400_000));
  }

  @Test
  void badValuesAre22023() {
    for (String bad : new String[] {"abc", "5 parsecs", "1S", "", "-1", "3000000000"}) {
      PgException e = assertThrows(PgException.class, () -> StatementTimeout.parseMillis(bad), bad);
      assertEquals("22023", e.state().code(), bad);
      assertTrue(e.getMessage().contains("statement_timeout"), e.getMessage());
    }
    assertEquals("Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".",
        assertThrows(PgException.class, () -> StatementTimeout.parseMillis("5 parsecs")).hint());
  }
}

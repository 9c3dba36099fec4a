package io.timefusion.pgwire.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.timefusion.error.PgException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Text and binary formats checked against what PostgreSQL 16 itself prints and sends. */
class PgTypesTest {
  private static String text(PgType type, Object value) {
    WireBuffer buf = new WireBuffer(16);
    type.writeText(value, buf);
    return new String(buf.toByteArray(), StandardCharsets.UTF_8);
  }

  private static byte[] binary(PgType type, Object value) {
    WireBuffer buf = new WireBuffer(16);
    type.writeBinary(value, buf);
    return buf.toByteArray();
  }

  private static Object binaryRoundTrip(PgType type, Object value) {
    byte[] b = binary(type, value);
    return type.readBinary(b, 0, b.length);
  }

  @Test
  void float8TextIsShortestRoundTrip() {
    assertEquals("1e+15", text(PgTypes.FLOAT8, 1e15));
    assertEquals("100000000000000", text(PgTypes.FLOAT8, 1e14));
    assertEquals("0.0001", text(PgTypes.FLOAT8, 0.0001));
    assertEquals("1e-05", text(PgTypes.FLOAT8, 0.00001));
    assertEquals("1.5e-07", text(PgTypes.FLOAT8, 1.5e-7));
    assertEquals("1e+100", text(PgTypes.FLOAT8, 1e100));
    assertEquals("-0", text(PgTypes.FLOAT8, -0.0));
    assertEquals("0", text(PgTypes.FLOAT8, 0.0));
    assertEquals("123.456", text(PgTypes.FLOAT8, 123.456));
    assertEquals("0.30000000000000004", text(PgTypes.FLOAT8, 0.1 + 0.2));
    assertEquals("-1.2345678901234567e+19", text(PgTypes.FLOAT8, -1.2345678901234567e19));
    assertEquals("NaN", text(PgTypes.FLOAT8, Double.NaN));
    assertEquals("Infinity", text(PgTypes.FLOAT8, Double.POSITIVE_INFINITY));
    assertEquals("-Infinity", text(PgTypes.FLOAT8, Double.NEGATIVE_INFINITY));
    assertEquals(Double.NEGATIVE_INFINITY, PgTypes.FLOAT8.readText("-Infinity"));
    assertEquals(1.5, binaryRoundTrip(PgTypes.FLOAT8, 1.5));
  }

  @Test
  void float4TextUsesSixDigitThreshold() {
    assertEquals("1e+06", text(PgTypes.FLOAT4, 1e6f));
    assertEquals("123456", text(PgTypes.FLOAT4, 123456f));
    assertEquals("0.1", text(PgTypes.FLOAT4, 0.1f));
    assertEquals("1.2345678e+07", text(PgTypes.FLOAT4, 1.2345678e7f));
    assertEquals(2.5f, binaryRoundTrip(PgTypes.FLOAT4, 2.5f));
  }

  @Test
  void integersParseWithPostgresErrors() {
    assertEquals((short) -5, PgTypes.INT2.readText(" -5 "));
    assertEquals("22003", assertThrows(PgException.class, () -> PgTypes.INT2.readText("40000")).state().code());
    assertEquals("22P02", assertThrows(PgException.class, () -> PgTypes.INT4.readText("12a")).state().code());
    assertEquals("-9223372036854775808", text(PgTypes.INT8, Long.MIN_VALUE));
    assertEquals(Long.MAX_VALUE, binaryRoundTrip(PgTypes.INT8, Long.MAX_VALUE));
    assertArrayEquals(new byte[] {0, 0, 1, 0}, binary(PgTypes.INT4, 256));
  }

  @Test
  void numericBinaryIsBase10000() {
    // 12345.678: ndigits 3, weight 1, sign +, dscale 3, digits 1 2345 6780
    assertArrayEquals(new byte[] {0, 3, 0, 1, 0, 0, 0, 3, 0, 1, 0x09, 0x29, 0x1a, 0x7c},
        binary(PgTypes.NUMERIC, new BigDecimal("12345.678")));
    // 0: no digits
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0}, binary(PgTypes.NUMERIC, BigDecimal.ZERO));
    for (String v : List.of("0", "1", "-1", "0.0001", "-0.00012345", "10000", "123456789012345678901234567890.12",
        "1.50", "1E+10", "0.000000001", "9999.9999")) {
      BigDecimal d = new BigDecimal(v);
      BigDecimal back = (BigDecimal) binaryRoundTrip(PgTypes.NUMERIC, d);
      assertEquals(0, d.compareTo(back), v);
      assertEquals(Math.max(d.scale(), 0), back.scale(), v);
    }
    assertEquals("1.50", text(PgTypes.NUMERIC, new BigDecimal("1.50")));
  }

  @Test
  void timestampsPrintLikePostgres() {
    assertEquals("2025-01-17 14:35:00+00", text(PgTypes.TIMESTAMPTZ, OffsetDateTime.of(2025, 1, 17, 14, 35, 0, 0, ZoneOffset.UTC)));
    assertEquals("2025-01-17 14:35:00.5+00",
        text(PgTypes.TIMESTAMPTZ, OffsetDateTime.of(2025, 1, 17, 16, 35, 0, 500_000_000, ZoneOffset.ofHours(2))));
    assertEquals("2025-01-17 14:35:00.000123", text(PgTypes.TIMESTAMP, LocalDateTime.of(2025, 1, 17, 14, 35, 0, 123_000)));
    assertEquals("0044-03-15 00:00:00 BC", text(PgTypes.TIMESTAMP, LocalDateTime.of(-43, 3, 15, 0, 0)));
    assertEquals(OffsetDateTime.of(2025, 1, 17, 12, 35, 0, 123_456_000, ZoneOffset.UTC),
        PgTypes.TIMESTAMPTZ.readText("2025-01-17 14:35:00.123456+02"));
    assertEquals(OffsetDateTime.of(2025, 1, 17, 9, 5, 0, 0, ZoneOffset.UTC),
        PgTypes.TIMESTAMPTZ.readText("2025-01-17T14:35:00+05:30"));
    assertEquals(LocalDateTime.of(2025, 1, 17, 14, 35), PgTypes.TIMESTAMP.readText("2025-01-17 14:35:00+02"));
    assertArrayEquals(new byte[8], binary(PgTypes.TIMESTAMP, LocalDateTime.of(2000, 1, 1, 0, 0)));
    assertArrayEquals(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1},
        binary(PgTypes.TIMESTAMPTZ, OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.UTC)));
    assertEquals(LocalDateTime.MAX, PgTypes.TIMESTAMP.readText("infinity"));
    assertEquals("22007", assertThrows(PgException.class, () -> PgTypes.TIMESTAMP.readText("yesterday-ish")).state().code());
  }

  @Test
  void datesPrintAndEncode() {
    assertEquals("2025-01-17", text(PgTypes.DATE, LocalDate.of(2025, 1, 17)));
    assertArrayEquals(new byte[4], binary(PgTypes.DATE, LocalDate.of(2000, 1, 1)));
    assertEquals(LocalDate.of(1970, 1, 1), binaryRoundTrip(PgTypes.DATE, LocalDate.of(1970, 1, 1)));
    assertEquals(LocalDate.of(2025, 1, 17), PgTypes.DATE.readText("2025-01-17"));
  }

  @Test
  void arraysQuoteLikePostgres() {
    PgType textArray = PgTypes.byOid(1009);
    List<String> values = Arrays.asList("a", "b c", null, "NULL", "", "q\"b\\", "{x}", "é");
    String printed = text(textArray, values);
    assertEquals("{a,\"b c\",NULL,\"NULL\",\"\",\"q\\\"b\\\\\",\"{x}\",é}", printed);
    assertEquals(values, textArray.readText(printed));
    assertEquals(values, binaryRoundTrip(textArray, values));
    PgType int8Array = PgTypes.byOid(1016);
    assertEquals(List.of(1L, 2L, 3L), int8Array.readText("{1, 2 ,3}"));
    assertEquals(List.of(1L, 2L), int8Array.readText("[1:2]={1,2}"));
    assertEquals(List.of(), int8Array.readText("{}"));
    assertEquals(Arrays.asList(5L, null), binaryRoundTrip(int8Array, Arrays.asList(5L, null)));
    assertEquals("{\"\\\\x01ff\"}", text(PgTypes.byOid(1001), List.of(new byte[] {1, -1})));
    assertEquals("{1.5,NaN}", text(PgTypes.byOid(1022), List.of(1.5, Double.NaN)));
    assertEquals("{t,f}", text(PgTypes.byOid(1000), List.of(true, false)));
    assertEquals(PgTypes.INT8.arrayOid(), int8Array.oid());
    assertThrows(PgException.class, () -> int8Array.readText("{1,{2}}"));
  }

  @Test
  void byteaUuidJsonbBool() {
    assertEquals("\\x0aff", text(PgTypes.BYTEA, new byte[] {10, -1}));
    assertArrayEquals(new byte[] {10, -1}, (byte[]) PgTypes.BYTEA.readText("\\x0AFF"));
    assertArrayEquals(new byte[] {'a', 0, '\\'}, (byte[]) PgTypes.BYTEA.readText("a\\000\\\\"));
    UUID u = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    assertEquals(u, PgTypes.UUID.readText("{A0EEBC99-9C0B4EF8-BB6D6BB9-BD380A11}"));
    assertEquals(u, binaryRoundTrip(PgTypes.UUID, u));
    assertArrayEquals("\1{\"a\":1}".getBytes(StandardCharsets.UTF_8), binary(PgTypes.JSONB, "{\"a\":1}"));
    assertEquals("{\"a\":1}", binaryRoundTrip(PgTypes.JSONB, "{\"a\":1}"));
    assertEquals(Boolean.TRUE, PgTypes.BOOL.readText("yes"));
    assertEquals("f", text(PgTypes.BOOL, false));
  }

  @Test
  void intervalsUseThePostgresStyle() {
    assertEquals("1 year 2 mons 3 days 04:05:06.5", PgTypes.INTERVAL.readText("1 year 2 mons 3 days 04:05:06.5"));
    // Parameters come without the "+" before the time, which DuckDB does not read; output has it.
    assertEquals("-1 days 02:00:00", PgTypes.INTERVAL.readText("-1 days 2 hours"));
    assertEquals("-1 days +02:00:00", text(PgTypes.INTERVAL, "-1 days 2 hours"));
    assertEquals("1 year 2 mons -3 days +04:05:06.5", text(PgTypes.INTERVAL, "1 year 2 months -3 days 04:05:06.5"));
    assertEquals("-1 days", PgTypes.INTERVAL.readText("@ 1 day ago"));
    assertEquals("00:00:00", PgTypes.INTERVAL.readText("0 seconds"));
    assertEquals("1 day 12:00:00", PgTypes.INTERVAL.readText("1.5 days"));
    assertEquals("-00:00:01.5", PgTypes.INTERVAL.readText("-1.5 seconds"));
    assertEquals("1 year 2 mons 3 days 04:05:06.5",
        binaryRoundTrip(PgTypes.INTERVAL, "1 year 2 mons 3 days 04:05:06.5"));
    byte[] b = binary(PgTypes.INTERVAL, "1 mon 2 days 00:00:01");
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0x0f, 0x42, 0x40, 0, 0, 0, 2, 0, 0, 0, 1}, b);
    assertThrows(PgException.class, () -> PgTypes.INTERVAL.readText("3 fortnights"));
  }

  @Test
  void unknownOidsReadAsText() {
    assertEquals(PgTypes.TEXT, PgTypes.forParameter(0));
    assertEquals(PgTypes.TEXT, PgTypes.forParameter(705));
    assertEquals(PgTypes.TEXT, PgTypes.forParameter(123456));
    assertEquals("x", PgTypes.forParameter(0).readText("x"));
  }
}

package io.timefusion.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Bloom filters of lookup sidecars: no false negatives, the documented false-positive rate, the format. */
class LookupSidecarTest {
  private static String traceId(SplittableRandom r) {
    return HexFormat.of().toHexDigits(r.nextLong()) + HexFormat.of().toHexDigits(r.nextLong());
  }

  @Test
  void aFilterOf65kTraceIdsHasNoFalseNegativesAndAboutOnePercentFalsePositives() {
    int n = 65_536;
    SplittableRandom r = new SplittableRandom(7);
    String[] added = new String[n];
    BloomFilter f = BloomFilter.forValues(n, LookupSidecar.FALSE_POSITIVE_RATE);
    for (int i = 0; i < n; i++) {
      added[i] = traceId(r);
      f.add(added[i]);
    }
    for (String v : added) assertTrue(f.mightContain(v), v);
    int probes = 1_000_000;
    int positives = 0;
    for (int i = 0; i < probes; i++) if (f.mightContain(traceId(r))) positives++;
    double rate = (double) positives / probes;
    // theory for m = 9.59 bits per value and k = 7: 1.0%
    assertTrue(rate > 0.007 && rate < 0.013, "false-positive rate " + rate);
    assertEquals(7, f.hashes());
    assertEquals(78_528, f.sizeBytes()); // 1.2 bytes per value
  }

  @Test
  void shortAndNonAsciiValuesAndSmallFiltersToo() {
    SplittableRandom r = new SplittableRandom(11);
    for (int n : List.of(1, 2, 3, 10, 100)) {
      BloomFilter f = BloomFilter.forValues(n, 0.01);
      for (int i = 0; i < n; i++) f.add("ü-" + i);
      for (int i = 0; i < n; i++) assertTrue(f.mightContain("ü-" + i));
      int positives = 0;
      for (int i = 0; i < 100_000; i++) if (f.mightContain(traceId(r))) positives++;
      assertTrue(positives < 1_500, n + " values: " + positives + " false positives of 100000");
    }
    assertFalse(BloomFilter.forValues(0, 0.01).mightContain(""), "a filter of no values holds nothing");
  }

  @Test
  void encodesAndDecodesAndRefusesDamage() throws IOException {
    BloomFilter trace = BloomFilter.forValues(3, 0.01);
    for (String v : List.of("a", "b", "c")) trace.add(v);
    BloomFilter none = BloomFilter.forValues(0, 0.01);
    byte[] bytes = new LookupSidecar(Map.of("context___trace_id", trace, "id", none)).encode();
    LookupSidecar back = LookupSidecar.decode(bytes);
    assertTrue(back.mayContainAny("context___trace_id", List.of("x", "b")));
    assertFalse(back.mayContainAny("context___trace_id", List.of("x", "y", "z")));
    assertFalse(back.mayContainAny("id", List.of("a")), "no ids at all");
    assertTrue(back.mayContainAny("name", List.of("a")), "a column without a filter proves nothing");
    assertEquals(3, back.columns().get("context___trace_id").distinct());
    bytes[bytes.length / 2] ^= 1;
    assertThrows(IOException.class, () -> LookupSidecar.decode(bytes));
    assertThrows(IOException.class, () -> LookupSidecar.decode(new byte[3]));
  }

  @Test
  void sidecarKeysLiveUnderTheTablesLookupDirectory() {
    assertEquals(
        "otel_logs_and_spans/_lookup/project_id=p/date=2026-01-01/part-1.zstd.lookup",
        LookupSidecar.keyOf("otel_logs_and_spans", "project_id=p/date=2026-01-01/part-1.zstd.parquet"));
    assertEquals("_lookup/x.lookup", LookupSidecar.keyOf("", "x.parquet"));
  }
}

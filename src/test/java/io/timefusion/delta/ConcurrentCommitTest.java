package io.timefusion.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.expressions.Literal;
import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.catalog.TableSchema;
import io.timefusion.it.TestS3;
import io.timefusion.storage.ObjectStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Two writers (two servers' Delta tables, each with its own write-ahead log identity) commit to
 * one table in S3 at the same time, with overlapping WAL positions: S3's conditional put makes
 * the loser of each race commit at the next version, and neither mistakes the other's WAL
 * position for its own. Every file ends up in the table, at versions without gaps.
 */
class ConcurrentCommitTest {
  private static final int COMMITS = 15;

  @Test
  void racingCommitsAllLandOnceWithoutGaps() throws Exception {
    TableSchema schema = SchemaRegistry.load().table("otel_logs_and_spans").orElseThrow();
    try (TestS3 s3 = TestS3.start();
        ObjectStore storeA = s3.store("race");
        ObjectStore storeB = s3.store("race")) {
      DeltaTable a = DeltaTable.openOrCreate(storeA, schema, "t", DeltaTable.walAppId("a"));
      DeltaTable b = DeltaTable.openOrCreate(storeB, schema, "t", DeltaTable.walAppId("b"));
      ConcurrentLinkedQueue<Long> versions = new ConcurrentLinkedQueue<>();
      List<Thread> writers = new ArrayList<>();
      for (var w : List.of(Map.entry("a", a), Map.entry("b", b))) {
        writers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int seq = 1; seq <= COMMITS; seq++) {
                        NewDataFile f =
                            new NewDataFile(
                                "project_id=p/date=2026-11-01/" + w.getKey() + "-" + seq + ".parquet",
                                Map.of("project_id", Literal.ofString("p"), "date", Literal.ofDate(20393)),
                                100, 1, Map.of(), Map.of(), Map.of());
                        long v = w.getValue().commitAppend(List.of(f), seq);
                        assertTrue(v > 0, w.getKey() + " position " + seq + " was taken for already committed");
                        versions.add(v);
                      }
                    }));
      }
      for (Thread t : writers) t.join();
      Set<Long> distinct = new HashSet<>(versions);
      assertEquals(2 * COMMITS, distinct.size(), "two commits claimed one version: " + versions);
      for (long v = 1; v <= 2 * COMMITS; v++) assertTrue(distinct.contains(v), "gap at version " + v);
      DeltaSnapshot end = a.latest();
      assertEquals(2 * COMMITS, end.version());
      assertEquals(2 * COMMITS, end.files().size());
      assertEquals(COMMITS, end.walSeq());
      assertEquals(COMMITS, b.latest().walSeq());
    }
  }
}

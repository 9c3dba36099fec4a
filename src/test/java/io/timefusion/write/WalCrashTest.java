package io.timefusion.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invariant 1 for the log: a frame acknowledged before SIGKILL is replayed, once, intact. */
class WalCrashTest {
  @TempDir Path tmp;

  @Test
  void everyAcknowledgedFrameSurvivesKill9() throws Exception {
    Path dir = tmp.resolve("wal");
    Path stderr = tmp.resolve("child.err");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(
            java,
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            WalCrashChild.class.getName(),
            dir.toString(),
            "6")
        .redirectError(stderr.toFile())
        .start();

    Map<Long, String> acked = new ConcurrentHashMap<>();
    Thread reader = Thread.ofPlatform().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          String[] p = line.split(" ");
          // A line cut by the kill lacks its final "." and was never a complete acknowledgement.
          if (p.length == 4 && p[0].equals("ack") && p[3].equals(".")) acked.put(Long.parseLong(p[1]), p[2]);
        }
      } catch (Exception e) {
        // the pipe closes when the child dies
      }
    });

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (acked.isEmpty() && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(10);
    assertTrue(child.isAlive(), () -> "child died early: " + read(stderr));
    assertTrue(!acked.isEmpty(), () -> "child acknowledged nothing: " + read(stderr));
    Thread.sleep(1500);
    child.destroyForcibly(); // SIGKILL, mid-append
    assertTrue(child.waitFor(10, TimeUnit.SECONDS));
    reader.join(10_000);
    int ackedCount = acked.size();
    assertTrue(ackedCount > 20, "too few acknowledgements to mean anything: " + ackedCount);

    List<Long> replayedSeqs = new ArrayList<>();
    Map<String, Integer> timesSeen = new HashMap<>();
    try (RootAllocator allocator = new RootAllocator()) {
      try (Wal wal = Wal.open(dir)) {
        wal.replay(allocator, Map.of(), (table, seq, batch) -> {
          try (batch) {
            String id = ((org.apache.arrow.vector.VarCharVector) batch.getVector("id")).getObject(0).toString();
            String key = id.substring(0, id.indexOf('/'));
            assertEquals(OtelBatches.expectedContent(allocator, key), OtelBatches.content(batch), "frame " + seq);
            String ackedKey = acked.get(seq);
            if (ackedKey != null) assertEquals(ackedKey, key, "frame " + seq + " holds other rows than acknowledged");
            replayedSeqs.add(seq);
            timesSeen.merge(key, 1, Integer::sum);
          }
        });
        long maxAcked = acked.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        for (Map.Entry<Long, String> a : acked.entrySet()) {
          assertEquals(1, timesSeen.getOrDefault(a.getValue(), 0), "acknowledged seq " + a.getKey() + " " + a.getValue());
        }
        for (int i = 1; i < replayedSeqs.size(); i++) {
          assertEquals(replayedSeqs.get(i - 1) + 1, replayedSeqs.get(i), "replayed sequence numbers are consecutive");
        }
        assertTrue(replayedSeqs.get(replayedSeqs.size() - 1) >= maxAcked);
        try (VectorSchemaRoot b = OtelBatches.batch(allocator, "after")) {
          assertTrue(wal.append(OtelBatches.TABLE, b) > replayedSeqs.get(replayedSeqs.size() - 1));
        }
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
    System.out.printf("crash: %d acknowledged, %d replayed, %d segments%n", ackedCount, replayedSeqs.size(),
        Files.list(dir).count());
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (Exception e) {
      return "(no stderr)";
    }
  }
}

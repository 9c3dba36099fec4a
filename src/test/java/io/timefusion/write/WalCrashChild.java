package io.timefusion.write;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Run by {@link WalCrashTest} in its own JVM: appends from several platform and virtual threads
 * until killed, printing {@code ack <seq> <key> .} for every acknowledged frame.
 */
public final class WalCrashChild {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    PrintStream out = System.out;
    RootAllocator allocator = new RootAllocator();
    Wal wal = Wal.open(dir, WalOptions.defaults().withSegmentBytes(256 << 10));
    for (int t = 0; t < threads; t++) {
      int id = t;
      Runnable appender = () -> {
        for (int i = 0; ; i++) {
          String key = "c" + id + "-" + i;
          long seq;
          try (VectorSchemaRoot b = OtelBatches.batch(allocator, key)) {
            seq = wal.append(OtelBatches.TABLE, b);
          }
          synchronized (out) {
            out.println("ack " + seq + " " + key + " .");
            out.flush();
          }
        }
      };
      if (t % 2 == 0) Thread.ofPlatform().start(appender);
      else Thread.ofVirtual().start(appender);
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}

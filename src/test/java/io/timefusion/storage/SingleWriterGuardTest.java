package io.timefusion.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stores without conditional writes get one writer at a time; stores with them are left alone. */
class SingleWriterGuardTest {
  @TempDir Path dir;

  /** A store whose put-if-absent overwrites, as S3-compatible servers without conditional writes do. */
  private static ObjectStore withoutConditionalWrites(ObjectStore real) {
    return (ObjectStore)
        Proxy.newProxyInstance(
            ObjectStore.class.getClassLoader(),
            new Class<?>[] {ObjectStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("putIfAbsent")) {
                real.put((String) args[0], (byte[]) args[1]);
                return true;
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void aStoreWithConditionalWritesNeedsNoGuard() throws Exception {
    ObjectStore store = new LocalObjectStore(dir);
    assertTrue(SingleWriterGuard.supportsConditionalWrites(store));
    try (SingleWriterGuard g = SingleWriterGuard.acquire(store, "a", System::currentTimeMillis)) {
      assertFalse(g.active());
      try (SingleWriterGuard other = SingleWriterGuard.acquire(store, "b", System::currentTimeMillis)) {
        assertFalse(other.active());
      }
    }
  }

  @Test
  void withoutConditionalWritesASecondWriterIsRefusedUntilTheFirstIsGone() throws Exception {
    ObjectStore store = withoutConditionalWrites(new LocalObjectStore(dir));
    assertFalse(SingleWriterGuard.supportsConditionalWrites(store));
    AtomicLong now = new AtomicLong(1_000_000);
    SingleWriterGuard first = SingleWriterGuard.acquire(store, "a", now::get);
    assertTrue(first.active());
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> SingleWriterGuard.acquire(store, "b", now::get));
    assertTrue(refused.getMessage().contains("another TimeFusion server (a)"), refused.getMessage());
    // the same server restarting takes its own heartbeat back
    SingleWriterGuard.acquire(store, "a", now::get);
    // a server that stopped heartbeating (crashed) no longer blocks others
    now.addAndGet(SingleWriterGuard.STALE_AFTER_MILLIS + 1);
    try (SingleWriterGuard second = SingleWriterGuard.acquire(store, "b", now::get)) {
      assertTrue(second.active());
    }
    // a clean stop removes the heartbeat at once
    try (SingleWriterGuard third = SingleWriterGuard.acquire(store, "c", now::get)) {
      assertTrue(third.active());
    }
  }
}

package io.timefusion.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Safety for stores without conditional writes: two writers could then overwrite each other's
 * Delta commits, so only one server may write. Each server checks at start-up whether the store
 * honours put-if-absent; where it does not, the server holds a heartbeat object and refuses to
 * start while another server's heartbeat is fresh.
 */
public final class SingleWriterGuard implements AutoCloseable {
  static final String PROBE_PREFIX = "_timefusion/probe/";
  static final String HEARTBEAT_KEY = "_timefusion/writer";
  /** A heartbeat older than this belongs to a server that is gone. */
  public static final long STALE_AFTER_MILLIS = 60_000;

  private static final Logger log = LoggerFactory.getLogger(SingleWriterGuard.class);

  private final ObjectStore store;
  private final String instance;
  private final LongSupplier clock;
  private final boolean active;

  private SingleWriterGuard(ObjectStore store, String instance, LongSupplier clock, boolean active) {
    this.store = store;
    this.instance = instance;
    this.clock = clock;
    this.active = active;
  }

  /** A guard for stores known to have atomic create (a local directory): nothing to hold. */
  public static SingleWriterGuard none() {
    return new SingleWriterGuard(null, "", System::currentTimeMillis, false);
  }

  /** Whether the store refuses a second put-if-absent of one key (S3 conditional writes, local create). */
  public static boolean supportsConditionalWrites(ObjectStore store) throws IOException {
    String key = PROBE_PREFIX + UUID.randomUUID();
    try {
      if (!store.putIfAbsent(key, "first".getBytes(StandardCharsets.UTF_8))) {
        throw new IOException("the store refused to create a new object " + key);
      }
      return !store.putIfAbsent(key, "second".getBytes(StandardCharsets.UTF_8));
    } finally {
      store.delete(key);
    }
  }

  /**
   * Probes the store; when it lacks conditional writes, takes the single-writer heartbeat or
   * fails with a message naming the other server.
   */
  public static SingleWriterGuard acquire(ObjectStore store, String instance, LongSupplier clock) throws IOException {
    if (supportsConditionalWrites(store)) {
      return new SingleWriterGuard(store, instance, clock, false);
    }
    log.error(
        "the object store does not honour conditional writes (If-None-Match: *): several servers writing one table"
            + " could overwrite each other's commits, so this server runs as the only writer");
    Optional<String> other = holder(store, clock.getAsLong());
    if (other.isPresent() && !other.get().equals(instance)) {
      throw new IllegalStateException(
          "another TimeFusion server (" + other.get() + ") is writing to this bucket, and the store does not support"
              + " conditional writes, so two writers are unsafe; stop it first (its heartbeat "
              + HEARTBEAT_KEY + " expires " + STALE_AFTER_MILLIS / 1000 + " s after it stops)");
    }
    SingleWriterGuard g = new SingleWriterGuard(store, instance, clock, true);
    g.heartbeat();
    return g;
  }

  private static Optional<String> holder(ObjectStore store, long now) throws IOException {
    if (store.stat(HEARTBEAT_KEY).isEmpty()) return Optional.empty();
    String[] parts;
    try (var in = store.open(HEARTBEAT_KEY)) {
      parts = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(" ");
    }
    if (parts.length != 2) return Optional.empty();
    try {
      long beat = Long.parseLong(parts[1]);
      return now - beat < STALE_AFTER_MILLIS ? Optional.of(parts[0]) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether this server holds the heartbeat (the store lacks conditional writes). */
  public boolean active() {
    return active;
  }

  /** Refreshes the heartbeat; call well within {@link #STALE_AFTER_MILLIS}. */
  public void heartbeat() throws IOException {
    if (!active) return;
    store.put(HEARTBEAT_KEY, (instance + " " + clock.getAsLong()).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    if (!active) return;
    try {
      store.delete(HEARTBEAT_KEY);
    } catch (IOException e) {
      log.warn("cannot remove the writer heartbeat {}: {}", HEARTBEAT_KEY, e.toString());
    }
  }
}

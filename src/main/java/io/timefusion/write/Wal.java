package io.timefusion.write;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead log: appends Arrow batches as checksummed frames to segment files and
 * acknowledges each only after it is forced to disk, sharing one force among all appenders that
 * arrive while the previous one runs (group commit).
 *
 * <p>One writer thread owns the files. Appenders serialize their batch on their own thread, queue
 * the bytes (blocking while too many bytes are queued), and wait. The writer drains the queue,
 * numbers the frames in queue order, writes them in one go, forces once, then runs each frame's
 * callback and releases its appender, in sequence order.
 */
public final class Wal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Wal.class);
  private static final int WRITE_BUFFER_BYTES = 4 << 20;
  private static final int POOLED_BUFFERS = 64;
  private static final int POOLED_BUFFER_MAX_BYTES = 16 << 20;

  /** Receives a replayed batch; it owns the root from then on and must close it. */
  @FunctionalInterface
  public interface ReplayConsumer {
    void accept(String table, long seq, VectorSchemaRoot batch);
  }

  /** Decides which frames replay decodes; frames it rejects are skipped without decoding. */
  @FunctionalInterface
  public interface ReplayFilter {
    boolean needs(String table, long seq);
  }

  private sealed interface Task permits Append, Truncate {}

  /** One record: the frames of one append, numbered consecutively and forced together. */
  private static final class Append implements Task {
    final byte[] table;
    final FrameBuffer[] payloads;
    final int[] payloadCrcs;
    final LongConsumer onDurable;
    final CompletableFuture<Long> done = new CompletableFuture<>();
    final long queuedBytes;
    /** The sequence number of the record's last frame. */
    long seq;

    Append(byte[] table, FrameBuffer[] payloads, LongConsumer onDurable) {
      this.table = table;
      this.payloads = payloads;
      this.payloadCrcs = new int[payloads.length];
      long bytes = 0;
      for (int i = 0; i < payloads.length; i++) {
        payloadCrcs[i] = WalFrame.payloadCrc(payloads[i].array(), payloads[i].length());
        bytes += WalFrame.headerLength(table.length) + (long) payloads[i].length();
      }
      this.onDurable = onDurable;
      this.queuedBytes = bytes;
    }
  }

  private record Truncate(long upToSeq, CompletableFuture<Integer> done) implements Task {}

  /** Held while the log is open, so two processes never write one directory. */
  private static final String LOCK_FILE = "wal.lock";

  private final Path dir;
  private final WalOptions options;
  private final FileChannel lockFile;
  /** A test seam: lets a test widen the window in which appenders join a group. */
  private final Runnable beforeForce;
  private final List<WalSegment> recovered;
  private final ConcurrentSkipListMap<Long, WalSegment> segments = new ConcurrentSkipListMap<>();
  private final ConcurrentLinkedQueue<FrameBuffer> bufferPool = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pooledBuffers = new AtomicInteger();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition queueNotEmpty = lock.newCondition();
  private final Condition queueHasRoom = lock.newCondition();
  private final ArrayDeque<Task> queue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean closed;
  private PgException failure;

  // Owned by the writer thread.
  private final Thread writer;
  private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
  private WalSegment active;
  private FileChannel activeChannel;
  private long nextSeq;

  // Written by the writer thread, read by anyone.
  private volatile long framesWritten;
  private volatile long bytesWritten;
  private volatile long fsyncs;
  private volatile long sizeOnDisk;
  private volatile long lastDurableSeq;
  private volatile Runnable afterGroup = () -> {};

  private Wal(Path dir, WalOptions options, WalRecovery.Recovered r, FileChannel lockFile, Runnable beforeForce)
      throws IOException {
    this.dir = dir;
    this.beforeForce = beforeForce;
    this.options = options;
    this.lockFile = lockFile;
    // Replay reads what was there at open; the live objects below may grow with new appends.
    this.recovered = r.segments().stream().map(WalSegment::copy).toList();
    this.nextSeq = r.nextSeq();
    this.lastDurableSeq = nextSeq - 1;
    long size = 0;
    for (WalSegment s : r.segments()) {
      segments.put(s.firstSeq, s);
      size += s.size;
    }
    this.sizeOnDisk = size;
    WalSegment last = r.segments().isEmpty() ? null : r.segments().get(r.segments().size() - 1);
    if (last != null && last.isEmpty()) {
      // An empty last segment already carries the next sequence number in its name: reuse it.
      active = last;
      activeChannel = FileChannel.open(last.path, StandardOpenOption.WRITE);
      activeChannel.position(0);
    } else {
      openSegment();
    }
    this.writer = Thread.ofPlatform().name("wal-writer").daemon(true).unstarted(this::runWriter);
    writer.start();
  }

  /**
   * Opens the log in {@code dir}, creating it if needed: verifies every frame, cuts a torn tail
   * off the last segment, and readies a fresh segment for appends.
   *
   * @throws WalCorruptionException if a frame other than a torn tail is damaged
   */
  public static Wal open(Path dir, WalOptions options) throws IOException {
    return open(dir, options, () -> {});
  }

  /** As {@link #open(Path, WalOptions)}, running {@code beforeForce} on the writer thread before each force. */
  static Wal open(Path dir, WalOptions options, Runnable beforeForce) throws IOException {
    Files.createDirectories(dir);
    FileChannel lockFile = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock owner;
      try {
        owner = lockFile.tryLock();
      } catch (OverlappingFileLockException sameProcess) {
        owner = null;
      }
      if (owner == null) throw new IOException("WAL directory " + dir + " is already open");
      return new Wal(dir, options, WalRecovery.scan(dir), lockFile, beforeForce);
    } catch (IOException | RuntimeException e) {
      lockFile.close();
      throw e;
    }
  }

  public static Wal open(Path dir) throws IOException {
    return open(dir, WalOptions.defaults());
  }

  // ---- appending ----

  /**
   * Sets what runs on the writer thread after the {@code onDurable} callbacks of one group commit
   * and before any of its appenders is released, so callbacks may collect their frames and
   * publish the whole group at once. If it throws, every append of the group fails (the frames
   * stay durable and will be replayed after a restart).
   */
  public void afterGroup(Runnable hook) {
    afterGroup = Objects.requireNonNull(hook, "hook");
  }

  /**
   * Appends one batch and returns its sequence number once the frame is on disk (forced). The
   * batch is serialized before this returns to the queue, so the caller may reuse it afterwards.
   */
  public long append(String table, VectorSchemaRoot batch) {
    return await(appendAsync(table, batch, null));
  }

  /**
   * Appends one batch without waiting for the disk. The future completes with the sequence
   * number after the frame is forced. {@code onDurable}, if given, runs on the writer thread
   * after the force and before the future completes, in sequence order across all appenders: a
   * caller that publishes rows from it makes them visible in exactly the log's order. It must
   * be quick, since the next group waits for it; if it throws, the future fails, but the frame
   * is durable and will be replayed after a restart. The {@link #afterGroup} hook runs after the
   * callbacks of the whole group and before any future of the group completes.
   *
   * <p>Serializing happens on the calling thread, which blocks here while the queue holds more
   * than {@link WalOptions#maxQueuedBytes()}.
   */
  public CompletableFuture<Long> appendAsync(String table, VectorSchemaRoot batch, LongConsumer onDurable) {
    return appendAsync(table, List.of(Objects.requireNonNull(batch, "batch")), onDurable);
  }

  /**
   * Appends several batches as one record: consecutive frames, written and forced in the same
   * group, and after a crash replayed either all or not at all (a record whose last frame did
   * not reach the disk is cut off like a torn frame). The future completes with the sequence
   * number of the last frame; {@code onDurable} runs once, with that number. Otherwise as {@link
   * #appendAsync(String, VectorSchemaRoot, LongConsumer)}.
   */
  public CompletableFuture<Long> appendAsync(String table, List<VectorSchemaRoot> batches, LongConsumer onDurable) {
    if (batches.isEmpty()) throw new IllegalArgumentException("no batches to append");
    byte[] name = table.getBytes(StandardCharsets.UTF_8);
    if (name.length > WalFrame.MAX_TABLE_NAME_BYTES) throw new IllegalArgumentException("table name too long");
    FrameBuffer[] payloads = new FrameBuffer[batches.size()];
    try {
      for (int i = 0; i < payloads.length; i++) {
        payloads[i] = borrowBuffer();
        serialize(Objects.requireNonNull(batches.get(i), "batch"), payloads[i]);
      }
    } catch (IOException | RuntimeException e) {
      recycle(payloads);
      throw new PgException(SqlState.INTERNAL_ERROR, "cannot serialize batch for the WAL: " + e, e);
    }
    Append a = new Append(name, payloads, onDurable);
    lock.lock();
    try {
      while (!closed && failure == null && queuedBytes > 0 && queuedBytes + a.queuedBytes > options.maxQueuedBytes()) {
        queueHasRoom.await();
      }
      if (failure != null) throw failure;
      if (closed) throw new PgException(SqlState.ADMIN_SHUTDOWN, "the WAL is closed");
      queue.add(a);
      queuedBytes += a.queuedBytes;
      queueNotEmpty.signal();
    } catch (InterruptedException e) {
      recycle(payloads);
      Thread.currentThread().interrupt();
      throw new PgException(SqlState.QUERY_CANCELED, "interrupted while waiting for room in the WAL queue", e);
    } catch (RuntimeException e) {
      recycle(payloads);
      throw e;
    } finally {
      lock.unlock();
    }
    return a.done;
  }

  private static void serialize(VectorSchemaRoot batch, FrameBuffer out) throws IOException {
    try (ArrowStreamWriter w = new ArrowStreamWriter(batch, new DictionaryProvider.MapDictionaryProvider(), out)) {
      w.start();
      w.writeBatch();
      w.end();
    }
  }

  private static long await(CompletableFuture<Long> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PgException(
          SqlState.QUERY_CANCELED, "interrupted while waiting for the WAL; the rows may or may not be durable", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PgException pg) throw pg;
      throw new PgException(SqlState.INTERNAL_ERROR, "WAL append failed: " + e.getCause(), e.getCause());
    }
  }

  // ---- truncation, replay, metrics, close ----

  /**
   * Deletes the segment files whose frames all have sequence numbers up to {@code upToSeq}
   * inclusive, rotating the active segment first when it is entirely covered. Call only once the
   * rows are durable elsewhere (committed to Delta). Returns the number of files deleted.
   */
  public int truncate(long upToSeq) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    lock.lock();
    try {
      if (failure != null) throw failure;
      if (closed) throw new PgException(SqlState.ADMIN_SHUTDOWN, "the WAL is closed");
      queue.add(new Truncate(upToSeq, done));
      queueNotEmpty.signal();
    } finally {
      lock.unlock();
    }
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PgException(SqlState.QUERY_CANCELED, "interrupted while truncating the WAL", e);
    } catch (ExecutionException e) {
      throw new PgException(SqlState.IO_ERROR, "cannot truncate the WAL: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Hands every frame found at open that {@code filter} accepts to {@code consumer}, in sequence
   * order, decoded into a root allocated from {@code allocator}. Meant for start-up, before
   * {@link #truncate}; frames appended since open are not included. Returns the frames handed
   * over.
   */
  public long replay(BufferAllocator allocator, ReplayFilter filter, ReplayConsumer consumer) throws IOException {
    return WalRecovery.replay(recovered, allocator, filter, consumer);
  }

  /** Replays the frames of each table after the sequence number already flushed for it. */
  public long replay(BufferAllocator allocator, Map<String, Long> flushedUpTo, ReplayConsumer consumer)
      throws IOException {
    return replay(allocator, (table, seq) -> seq > flushedUpTo.getOrDefault(table, 0L), consumer);
  }

  /** The highest sequence number known to be on disk; 0 for an empty log. */
  public long lastDurableSeq() {
    return lastDurableSeq;
  }

  public WalMetrics metrics() {
    return new WalMetrics(framesWritten, bytesWritten, fsyncs, sizeOnDisk, segments.size(), lastDurableSeq);
  }

  public Path directory() {
    return dir;
  }

  /** Writes and forces everything queued, then closes the files. Appends after this fail. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      queueNotEmpty.signalAll();
      queueHasRoom.signalAll();
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      lockFile.close(); // releases the lock
    } catch (IOException e) {
      log.warn("WAL: closing {} failed", dir.resolve(LOCK_FILE), e);
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  // ---- the writer thread ----

  private void runWriter() {
    List<Task> group = new ArrayList<>();
    while (true) {
      lock.lock();
      try {
        while (queue.isEmpty() && !closed) queueNotEmpty.awaitUninterruptibly();
        if (queue.isEmpty()) break;
        group.addAll(queue);
        queue.clear();
      } finally {
        lock.unlock();
      }
      process(group);
      group.clear();
    }
    try {
      activeChannel.close();
    } catch (IOException e) {
      log.warn("WAL: closing {} failed", active.path, e);
    }
  }

  private void process(List<Task> group) {
    List<Append> appends = new ArrayList<>(group.size());
    long bytes = 0;
    for (Task t : group) {
      if (t instanceof Append a) {
        appends.add(a);
        bytes += a.queuedBytes;
      }
    }
    try {
      if (failure == null && !appends.isEmpty()) writeAndForce(appends);
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
    releaseQueued(bytes);
    RuntimeException[] callbackFailure = new RuntimeException[appends.size()];
    for (int i = 0; i < appends.size(); i++) {
      Append a = appends.get(i);
      recycle(a.payloads);
      if (failure != null || a.onDurable == null) continue;
      try {
        a.onDurable.accept(a.seq);
      } catch (RuntimeException e) {
        log.error("WAL: callback for durable frame {} failed", a.seq, e);
        callbackFailure[i] = e;
      }
    }
    RuntimeException groupFailure = null;
    if (failure == null && !appends.isEmpty()) {
      try {
        afterGroup.run();
      } catch (RuntimeException e) {
        log.error("WAL: group callback for frames {}..{} failed", appends.get(0).seq, appends.get(appends.size() - 1).seq, e);
        groupFailure = e;
      }
    }
    // Rotate before acknowledging, so a writer that sees its frame durable also sees the segment
    // it filled closed. A failed rotation fails later appends, not these durable ones.
    var writeFailure = failure;
    try {
      if (failure == null && active.size >= options.segmentBytes()) rotate();
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
    for (int i = 0; i < appends.size(); i++) {
      Append a = appends.get(i);
      if (writeFailure != null) a.done.completeExceptionally(writeFailure);
      else if (callbackFailure[i] != null) a.done.completeExceptionally(callbackFailure[i]);
      else if (groupFailure != null) a.done.completeExceptionally(groupFailure);
      else a.done.complete(a.seq);
    }
    for (Task t : group) {
      if (!(t instanceof Truncate tr)) continue;
      if (failure != null) {
        tr.done.completeExceptionally(failure);
        continue;
      }
      try {
        tr.done.complete(deleteSegmentsUpTo(tr.upToSeq));
      } catch (IOException | RuntimeException e) {
        tr.done.completeExceptionally(e);
      }
    }
  }

  private void writeAndForce(List<Append> appends) throws IOException {
    ByteBuffer buf = writeBuffer.clear();
    long groupStart = nextSeq;
    long seq = nextSeq;
    long bytes = 0;
    for (Append a : appends) {
      int headerLength = WalFrame.headerLength(a.table.length);
      for (int k = 0; k < a.payloads.length; k++) {
        byte[] payload = a.payloads[k].array();
        int payloadLength = a.payloads[k].length();
        if (buf.remaining() < headerLength) drain(buf);
        a.seq = seq++;
        boolean continued = k < a.payloads.length - 1;
        WalFrame.putHeader(buf, a.seq, groupStart, a.table, payloadLength, a.payloadCrcs[k], continued);
        // Large payloads go through the direct buffer piece by piece: a heap buffer handed to the
        // channel would be copied into a temporary direct buffer of its full size.
        for (int at = 0; at < payloadLength; ) {
          if (!buf.hasRemaining()) drain(buf);
          int n = Math.min(buf.remaining(), payloadLength - at);
          buf.put(payload, at, n);
          at += n;
        }
        bytes += headerLength + payloadLength;
      }
    }
    drain(buf);
    // force(false) is fdatasync: it also persists the file size, which is all an append changes.
    beforeForce.run();
    activeChannel.force(false);
    fsyncs++;
    nextSeq = seq;
    active.lastSeq = seq - 1;
    active.size += bytes;
    sizeOnDisk += bytes;
    framesWritten += seq - groupStart;
    bytesWritten += bytes;
    lastDurableSeq = seq - 1;
  }

  private void drain(ByteBuffer buf) throws IOException {
    buf.flip();
    writeFully(buf);
    buf.clear();
  }

  private void writeFully(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) activeChannel.write(b);
  }

  private int deleteSegmentsUpTo(long upToSeq) throws IOException {
    if (!active.isEmpty() && active.lastSeq <= upToSeq) rotate();
    int deleted = 0;
    for (WalSegment s : segments.values()) {
      if (s == active || s.lastSeq > upToSeq) break;
      Files.deleteIfExists(s.path);
      segments.remove(s.firstSeq);
      sizeOnDisk -= s.size;
      deleted++;
    }
    if (deleted > 0) forceDirectory();
    return deleted;
  }

  private void rotate() throws IOException {
    activeChannel.close();
    openSegment();
  }

  /** Creates the segment the next frame goes to; its name records the next sequence number. */
  private void openSegment() throws IOException {
    Path path = dir.resolve(WalSegment.fileName(nextSeq));
    activeChannel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    active = new WalSegment(nextSeq, path, nextSeq - 1, 0);
    segments.put(active.firstSeq, active);
    forceDirectory();
  }

  private void forceDirectory() throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  private void fail(Exception e) {
    log.error("WAL: write to {} failed; refusing further appends", active.path, e);
    lock.lock();
    try {
      failure = new PgException(SqlState.IO_ERROR, "could not write the WAL: " + e, e);
      queueHasRoom.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void releaseQueued(long bytes) {
    if (bytes == 0) return;
    lock.lock();
    try {
      queuedBytes -= bytes;
      queueHasRoom.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---- serialization buffers ----

  private FrameBuffer borrowBuffer() {
    FrameBuffer b = bufferPool.poll();
    if (b == null) return new FrameBuffer(64 << 10);
    pooledBuffers.decrementAndGet();
    b.reset();
    return b;
  }

  private void recycle(FrameBuffer[] buffers) {
    for (FrameBuffer b : buffers) {
      if (b != null) recycle(b);
    }
  }

  private void recycle(FrameBuffer b) {
    if (b.capacity() > POOLED_BUFFER_MAX_BYTES || pooledBuffers.get() >= POOLED_BUFFERS) return;
    pooledBuffers.incrementAndGet();
    bufferPool.offer(b);
  }
}

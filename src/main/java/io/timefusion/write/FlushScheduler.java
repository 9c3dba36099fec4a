package io.timefusion.write;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the flusher every interval, sooner when the buffer passes its memory bound, and retries
 * with backoff when a flush fails (rows stay buffered and logged until one succeeds).
 */
public final class FlushScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FlushScheduler.class);

  private final Flusher flusher;
  private final MemoryBuffer buffer;
  private final Duration interval;
  private final long maxBufferBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Thread thread;
  private volatile boolean stopping;
  private boolean requested;

  public FlushScheduler(Flusher flusher, MemoryBuffer buffer, Duration interval, long maxBufferBytes) {
    this.flusher = flusher;
    this.buffer = buffer;
    this.interval = interval;
    this.maxBufferBytes = maxBufferBytes;
    this.thread = Thread.ofPlatform().name("timefusion-flusher").daemon().unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /** Called after every append: asks for an early flush once the buffer is over its bound. */
  public void onAppend() {
    if (buffer.bytes() >= maxBufferBytes) requestFlush();
  }

  public void requestFlush() {
    lock.lock();
    try {
      requested = true;
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    long backoffMs = 0;
    long nextDue = System.nanoTime() + interval.toNanos();
    while (!stopping) {
      lock.lock();
      try {
        long waitNs = backoffMs > 0 ? backoffMs * 1_000_000 : nextDue - System.nanoTime();
        while (!stopping && !requested && waitNs > 0) waitNs = wake.awaitNanos(waitNs);
        requested = false;
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      if (stopping) return;
      try {
        flusher.flush();
        backoffMs = 0;
      } catch (Exception e) {
        backoffMs = Math.min(Math.max(500, backoffMs * 2), 30_000);
        log.warn("flush failed, retrying in {} ms (rows stay buffered and logged): {}", backoffMs, e.toString(), e);
      }
      nextDue = System.nanoTime() + interval.toNanos();
    }
  }

  /** Stops the schedule; the caller runs the final flush. */
  @Override
  public void close() throws InterruptedException {
    stopping = true;
    requestFlush();
    thread.join();
  }
}

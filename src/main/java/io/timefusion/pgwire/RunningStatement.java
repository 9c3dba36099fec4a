package io.timefusion.pgwire;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cancel and statement timeout of the statement a connection is running. A CancelRequest or the
 * timeout marks the statement canceled and interrupts the engine, again every few milliseconds
 * until the statement ends (the engine may be between interruptible steps when the first
 * interrupt comes); the connection checks the mark between result rows and COPY messages, so time
 * spent streaming a result counts too. Outside a statement a cancel does nothing, as in PostgreSQL.
 */
final class RunningStatement {
  /** Why a statement was stopped, in PostgreSQL's words. */
  enum Reason {
    USER_REQUEST("canceling statement due to user request"),
    TIMEOUT("canceling statement due to statement timeout");

    final String message;

    Reason(String message) {
      this.message = message;
    }
  }

  private static final long REINTERRUPT_MILLIS = 50;

  private final ScheduledExecutorService timer;
  private final Runnable interrupt;
  private long generation;
  private boolean active;
  private ScheduledFuture<?> deadline;
  private ScheduledFuture<?> reinterrupt;
  private volatile Reason reason;

  /** {@code interrupt} asks the engine to stop what the connection runs (SqlSession.cancel). */
  RunningStatement(ScheduledExecutorService timer, Runnable interrupt) {
    this.timer = timer;
    this.interrupt = interrupt;
  }

  /** A statement starts; it is canceled after {@code timeoutMillis} unless that is 0. */
  synchronized void begin(long timeoutMillis) {
    generation++;
    active = true;
    reason = null;
    if (timeoutMillis > 0) {
      long g = generation;
      deadline = timer.schedule(() -> stop(g, Reason.TIMEOUT), timeoutMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** The statement ended, however it ended. */
  synchronized void end() {
    active = false;
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
    if (reinterrupt != null) {
      reinterrupt.cancel(false);
      reinterrupt = null;
    }
  }

  /** A CancelRequest for this connection arrived. */
  synchronized void cancel() {
    stop(generation, Reason.USER_REQUEST);
  }

  private synchronized void stop(long g, Reason why) {
    if (!active || g != generation || reason != null) {
      return;
    }
    reason = why;
    interrupt.run();
    reinterrupt = timer.scheduleWithFixedDelay(() -> reinterrupt(g), REINTERRUPT_MILLIS, REINTERRUPT_MILLIS, TimeUnit.MILLISECONDS);
  }

  private synchronized void reinterrupt(long g) {
    if (active && g == generation) {
      interrupt.run();
    }
  }

  /** Throws 57014 if the statement was canceled; called where stopping commits nothing. */
  void check() {
    Reason r = reason;
    if (r != null) {
      throw new PgException(SqlState.QUERY_CANCELED, r.message);
    }
  }

  /** The engine's "canceling statement" error of the last statement, with the reason it was stopped. */
  PgException explain(PgException e) {
    Reason r = reason;
    if (r != null && e.state() == SqlState.QUERY_CANCELED && String.valueOf(e.getMessage()).startsWith("canceling statement")) {
      return r.message.equals(e.getMessage()) ? e : new PgException(SqlState.QUERY_CANCELED, r.message, e);
    }
    return e;
  }
}

package io.timefusion.pgwire;

import io.timefusion.sql.SqlEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL wire protocol (v3) server: accepts on one platform thread and serves each
 * connection on its own virtual thread with blocking I/O.
 */
public final class PgServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PgServer.class);

  private final InetSocketAddress bind;
  private final String user;
  private final String password;
  private final SqlEngine engine;
  private final PgServerOptions options;
  private final SecureRandom random = new SecureRandom();
  private final ScramSha256.Verifier scramVerifier;
  private final ScheduledThreadPoolExecutor timer;
  private final Map<Integer, PgConnection> connectionsByPid = new ConcurrentHashMap<>();
  private final Map<PgConnection, Boolean> openConnections = new ConcurrentHashMap<>();
  private final AtomicInteger sessions = new AtomicInteger();
  private volatile ServerSocket serverSocket;
  private volatile boolean closed;
  private Thread acceptThread;

  public PgServer(InetSocketAddress bind, String user, String password, SqlEngine engine) {
    this(bind, user, password, engine, PgServerOptions.defaults());
  }

  public PgServer(InetSocketAddress bind, String user, String password, SqlEngine engine, PgServerOptions options) {
    this.bind = Objects.requireNonNull(bind, "bind");
    this.user = Objects.requireNonNull(user, "user");
    this.password = Objects.requireNonNull(password, "password");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.options = Objects.requireNonNull(options, "options");
    // a fresh salt each start: what the server keeps of the password is never the same twice
    byte[] salt = new byte[ScramSha256.SALT_BYTES];
    random.nextBytes(salt);
    this.scramVerifier =
        options.authMethod() == AuthMethod.SCRAM_SHA_256 ? ScramSha256.Verifier.of(password, salt, ScramSha256.ITERATIONS) : null;
    this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("pgwire-timer").daemon(true).factory());
    timer.setRemoveOnCancelPolicy(true);
  }

  public synchronized void start() throws IOException {
    if (serverSocket != null) {
      throw new IllegalStateException("already started");
    }
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(bind, 512);
    serverSocket = socket;
    acceptThread = Thread.ofPlatform().name("pgwire-accept").daemon(true).start(this::acceptLoop);
    log.info("PostgreSQL wire protocol listening on {}:{}", socket.getInetAddress().getHostAddress(), socket.getLocalPort());
  }

  /** The bound port; useful when started on port 0. */
  public int port() {
    ServerSocket socket = serverSocket;
    if (socket == null) {
      throw new IllegalStateException("not started");
    }
    return socket.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (SocketException e) {
        if (!closed) {
          log.warn("accept failed", e);
        }
        break;
      } catch (IOException e) {
        log.warn("accept failed", e);
        continue;
      }
      try {
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
      } catch (SocketException e) {
        log.debug("cannot set socket options", e);
      }
      PgConnection connection = new PgConnection(this, socket);
      openConnections.put(connection, Boolean.TRUE);
      Thread.ofVirtual().name("pgwire-" + socket.getPort()).start(connection);
    }
  }

  /** Stops accepting and closes every connection. */
  @Override
  public void close() {
    closed = true;
    ServerSocket socket = serverSocket;
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        log.debug("closing the server socket failed", e);
      }
    }
    for (PgConnection c : openConnections.keySet()) {
      c.closeSocket();
    }
    timer.shutdownNow();
    Thread t = acceptThread;
    if (t != null) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  SqlEngine engine() {
    return engine;
  }

  PgServerOptions options() {
    return options;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  SecureRandom random() {
    return random;
  }

  ScramSha256.Verifier scramVerifier() {
    return scramVerifier;
  }

  /** Runs statement timeouts and the repeated interrupts of canceled statements. */
  ScheduledExecutorService timer() {
    return timer;
  }

  /** Registers a session under a fresh process id for CancelRequest; false when over the limit. */
  boolean admit(PgConnection connection) {
    int max = options.maxConnections();
    while (true) {
      int n = sessions.get();
      if (max > 0 && n >= max) {
        return false;
      }
      if (sessions.compareAndSet(n, n + 1)) {
        break;
      }
    }
    while (true) {
      int pid = random.nextInt(1, Integer.MAX_VALUE);
      if (connectionsByPid.putIfAbsent(pid, connection) == null) {
        connection.assignProcessId(pid, random.nextInt());
        return true;
      }
    }
  }

  void release(PgConnection connection) {
    openConnections.remove(connection);
    if (connection.processId() != 0 && connectionsByPid.remove(connection.processId(), connection)) {
      sessions.decrementAndGet();
    }
  }

  void cancel(int processId, int secretKey) {
    PgConnection c = connectionsByPid.get(processId);
    if (c != null && MessageDigest.isEqual(intBytes(c.secretKey()), intBytes(secretKey))) {
      log.debug("cancel request for backend {}", processId);
      c.cancel();
    } else {
      log.debug("cancel request for unknown backend {}", processId);
    }
  }

  private static byte[] intBytes(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }
}

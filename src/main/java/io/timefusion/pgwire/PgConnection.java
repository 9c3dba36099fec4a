package io.timefusion.pgwire;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.pgwire.types.PgType;
import io.timefusion.pgwire.types.PgTypes;
import io.timefusion.sql.CopyIn;
import io.timefusion.sql.CopyOut;
import io.timefusion.sql.CursorStatement;
import io.timefusion.sql.PreparedQuery;
import io.timefusion.sql.QueryResult;
import io.timefusion.sql.ResultColumn;
import io.timefusion.sql.SessionDefaults;
import io.timefusion.sql.SessionStartup;
import io.timefusion.sql.SqlSession;
import io.timefusion.sql.StatementSplitter;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the protocol state machine from startup through simple and extended
 * queries to termination.
 */
final class PgConnection implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(PgConnection.class);

  private static final int SSL_REQUEST = 80877103;
  private static final int GSSENC_REQUEST = 80877104;
  private static final int CANCEL_REQUEST = 80877102;
  private static final int PROTOCOL_3 = 3;
  private static final int MAX_STARTUP_LENGTH = 10_000;
  private static final int MAX_MESSAGE_LENGTH = 1 << 30;
  /** How long a client may take from connecting to being authenticated (PostgreSQL's authentication_timeout). */
  private static final int AUTHENTICATION_TIMEOUT_MILLIS = 60_000;

  private final PgServer server;
  private final Socket socket;
  private DataInputStream in;
  private BackendWriter out;
  private SSLSocket tls;
  private final RunningStatement running;
  private volatile int processId;
  private volatile int secretKey;
  private volatile SqlSession session;

  private final Map<String, ParsedStatement> statements = new HashMap<>();
  private final Map<String, Portal> portals = new HashMap<>();
  private TransactionStatus status = TransactionStatus.IDLE;
  private boolean skipUntilSync;
  /** Running a Query message of several statements: PostgreSQL's implicit transaction block. */
  private boolean implicitBlock;
  private byte[] messageBuffer = new byte[8192];

  PgConnection(PgServer server, Socket socket) {
    this.server = server;
    this.socket = socket;
    this.running = new RunningStatement(server.timer(), () -> {
      SqlSession s = session;
      if (s != null) {
        s.cancel();
      }
    });
  }

  int processId() {
    return processId;
  }

  int secretKey() {
    return secretKey;
  }

  void assignProcessId(int pid, int key) {
    this.processId = pid;
    this.secretKey = key;
  }

  /** A CancelRequest with this connection's key: stops the running statement, if any. */
  void cancel() {
    running.cancel();
  }

  void closeSocket() {
    try {
      socket.close();
    } catch (IOException e) {
      log.debug("closing socket failed", e);
    }
  }

  @Override
  public void run() {
    log.debug("connection from {}", socket.getRemoteSocketAddress());
    try {
      in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
      out = new BackendWriter(socket.getOutputStream());
      socket.setSoTimeout(AUTHENTICATION_TIMEOUT_MILLIS);
      if (startup()) {
        socket.setSoTimeout(0);
        serve();
      }
    } catch (MalformedMessageException e) {
      log.warn("protocol violation from {}: {}", socket.getRemoteSocketAddress(), e.getMessage());
      sendFatal(e);
    } catch (PgException e) {
      log.debug("connection {} refused: {} {}", socket.getRemoteSocketAddress(), e.state().code(), e.getMessage());
      sendFatal(e);
    } catch (EOFException e) {
      log.debug("client {} disconnected", socket.getRemoteSocketAddress());
    } catch (SSLException e) {
      log.info("TLS with {} failed: {}", socket.getRemoteSocketAddress(), e.getMessage());
    } catch (SocketTimeoutException e) {
      log.info("client {} did not authenticate within {} s", socket.getRemoteSocketAddress(), AUTHENTICATION_TIMEOUT_MILLIS / 1000);
    } catch (IOException e) {
      log.debug("connection {} ended: {}", socket.getRemoteSocketAddress(), e.toString());
    } catch (RuntimeException e) {
      log.warn("connection {} failed", socket.getRemoteSocketAddress(), e);
      sendFatal(new PgException(SqlState.INTERNAL_ERROR, String.valueOf(e.getMessage()), e));
    } finally {
      cleanup();
    }
  }

  private void cleanup() {
    for (Portal p : portals.values()) {
      closeQuietly(p);
    }
    portals.clear();
    statements.clear();
    SqlSession s = session;
    session = null;
    if (s != null) {
      try {
        s.close();
      } catch (RuntimeException e) {
        log.warn("closing SQL session failed", e);
      }
    }
    server.release(this);
    closeSocket();
    log.debug("connection {} closed", socket.getRemoteSocketAddress());
  }

  private void sendFatal(PgException e) {
    try {
      out.error("FATAL", e.state().code(), e.getMessage(), e.detail(), e.hint());
      out.flush();
    } catch (IOException | RuntimeException ignored) {
      // The client is gone; nothing more to tell it.
    }
  }

  // ---- Startup ---------------------------------------------------------------------------

  /** Negotiates, authenticates and opens the SQL session; false when the connection should end. */
  private boolean startup() throws IOException {
    while (true) {
      int length = in.readInt();
      if (length < 8 || length > MAX_STARTUP_LENGTH) {
        throw new MalformedMessageException("invalid length of startup packet");
      }
      byte[] body = new byte[length - 4];
      in.readFully(body);
      FrontendMessage msg = new FrontendMessage(body, body.length);
      int code = msg.readInt32();
      // after TLS is up, a second SSLRequest falls through to the version check, as in PostgreSQL
      if (code == SSL_REQUEST && tls == null) {
        startTls();
        continue;
      }
      if (code == GSSENC_REQUEST) {
        out.rawByte('N');
        continue;
      }
      if (code == CANCEL_REQUEST) {
        int pid = msg.readInt32();
        int key = msg.readInt32();
        server.cancel(pid, key);
        return false;
      }
      if (code >>> 16 != PROTOCOL_3) {
        throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "unsupported frontend protocol "
            + (code >>> 16) + "." + (code & 0xffff) + ": server supports 3.0 to 3.0");
      }
      Map<String, String> params = new HashMap<>();
      List<String> unrecognized = new ArrayList<>();
      while (true) {
        String name = msg.readCString();
        if (name.isEmpty()) {
          break;
        }
        String value = msg.readCString();
        if (name.startsWith("_pq_.")) {
          unrecognized.add(name);
        } else {
          params.put(name, value);
        }
      }
      if (server.options().tlsRequired() && tls == null) {
        throw new PgException(SqlState.INVALID_AUTHORIZATION,
            "TLS required: connection from host \"" + socket.getInetAddress().getHostAddress() + "\" for user \""
                + params.getOrDefault("user", "") + "\", database \"" + params.getOrDefault("database", "")
                + "\" uses no encryption",
            "This server accepts only TLS connections (TIMEFUSION_TLS_REQUIRED=true).", "Connect with sslmode=require.", null);
      }
      if ((code & 0xffff) != 0 || !unrecognized.isEmpty()) {
        out.negotiateProtocolVersion(0, unrecognized);
      }
      return authenticateAndOpen(params);
    }
  }

  /**
   * Answers an SSLRequest: 'N' without a certificate, else 'S' and the TLS handshake, after which
   * the startup continues inside TLS.
   */
  private void startTls() throws IOException {
    ServerTls identity = server.options().tls();
    if (identity == null) {
      out.rawByte('N');
      return;
    }
    // Bytes sent after the SSLRequest but before the handshake would be taken as if they had come
    // through TLS (CVE-2021-23214); a client must wait for the answer.
    if (in.available() > 0) {
      throw new MalformedMessageException("received unencrypted data after SSL request");
    }
    out.rawByte('S');
    tls = identity.handshake(socket);
    in = new DataInputStream(new BufferedInputStream(tls.getInputStream(), 16 * 1024));
    out = new BackendWriter(tls.getOutputStream());
    log.debug("TLS {} with {} ({})", tls.getSession().getProtocol(), socket.getRemoteSocketAddress(), tls.getSession().getCipherSuite());
  }

  private boolean authenticateAndOpen(Map<String, String> params) throws IOException {
    String user = params.get("user");
    if (user == null || user.isEmpty()) {
      throw new PgException(SqlState.INVALID_AUTHORIZATION, "no PostgreSQL user name specified in startup packet");
    }
    String database = params.getOrDefault("database", user);
    if (!server.admit(this)) {
      log.warn("refusing connection from {}: too many connections", socket.getRemoteSocketAddress());
      throw new PgException(SqlState.TOO_MANY_CONNECTIONS, "sorry, too many clients already");
    }
    ClientAuthentication auth = new ClientAuthentication(server, out, this::passwordMessage);
    if (!auth.authenticate(user, tls == null ? null : server.options().tls().channelBinding())) {
      log.warn("password authentication failed for user \"{}\" from {}", user, socket.getRemoteSocketAddress());
      throw new PgException(SqlState.INVALID_PASSWORD, "password authentication failed for user \"" + user + "\"");
    }
    session = server.engine().openSession(new SessionStartup(user, database, processId, params.getOrDefault("application_name", ""),
        socket.getLocalSocketAddress() instanceof InetSocketAddress local ? local : null,
        socket.getRemoteSocketAddress() instanceof InetSocketAddress remote ? remote : null));
    out.authenticationOk();
    for (var p : SessionDefaults.reported(server.options().serverVersion(), user, params.getOrDefault("application_name", "")).entrySet()) {
      out.parameterStatus(p.getKey(), p.getValue());
    }
    out.backendKeyData(processId, secretKey);
    out.readyForQuery(status);
    log.debug("session {} opened for user {} database {}", processId, user, database);
    return true;
  }

  /** The body of the client's next message, which must be a password message ('p'). */
  private FrontendMessage passwordMessage() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException();
    }
    if (type != 'p') {
      throw new MalformedMessageException("expected password response, got message type " + (char) type);
    }
    return readBody(MAX_STARTUP_LENGTH);
  }

  // ---- Message loop ----------------------------------------------------------------------

  private FrontendMessage readBody(int maxLength) throws IOException {
    int length = in.readInt();
    if (length < 4 || length > maxLength) {
      throw new MalformedMessageException("invalid message length " + length);
    }
    int n = length - 4;
    if (messageBuffer.length < n) {
      messageBuffer = new byte[Math.max(n, messageBuffer.length * 2)];
    }
    in.readFully(messageBuffer, 0, n);
    return new FrontendMessage(messageBuffer, n);
  }

  private void serve() throws IOException {
    while (true) {
      int type = in.read();
      if (type < 0) {
        return;
      }
      FrontendMessage msg = readBody(MAX_MESSAGE_LENGTH);
      if (type == 'X') {
        return;
      }
      if (skipUntilSync && type != 'S') {
        continue;
      }
      switch (type) {
        case 'Q' -> simpleQuery(msg);
        case 'P', 'B', 'D', 'E', 'C', 'H' -> extended((char) type, msg);
        case 'S' -> sync(msg);
        case 'd', 'c', 'f' -> {} // COPY data outside COPY is ignored, as PostgreSQL does
        case 'F' -> {
          sendError(new PgException(SqlState.FEATURE_NOT_SUPPORTED, "function call messages are not supported"));
          out.readyForQuery(status);
        }
        default -> throw new MalformedMessageException("invalid frontend message type " + type);
      }
    }
  }

  private void sendError(RuntimeException e) throws IOException {
    PgException pg = toPgException(e instanceof PgException p ? running.explain(p) : e);
    out.error("ERROR", pg.state().code(), pg.getMessage(), pg.detail(), pg.hint(), pg.where(), pg.position());
    status = status.afterError();
    endTransaction(false); // the failed transaction's portals and cursors are gone, as in PostgreSQL
  }

  private static PgException toPgException(RuntimeException e) {
    if (e instanceof PgException pg) {
      if (pg.state() == SqlState.INTERNAL_ERROR) {
        log.warn("internal error", pg);
      } else {
        log.warn("statement failed: {} {}", pg.state().code(), pg.getMessage());
      }
      return pg;
    }
    log.warn("internal error", e);
    String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    return new PgException(SqlState.INTERNAL_ERROR, message, e);
  }

  private void checkNotAborted(String sql) {
    if (status == TransactionStatus.FAILED && !TransactionStatus.endsTransaction(sql)) {
      throw new PgException(SqlState.IN_FAILED_SQL_TRANSACTION,
          "current transaction is aborted, commands ignored until end of transaction block");
    }
  }

  // ---- Simple query ----------------------------------------------------------------------

  private void simpleQuery(FrontendMessage msg) throws IOException {
    String sql = msg.readCString();
    msg.expectEnd();
    closePortal("");
    statements.remove("");
    List<String> parts = StatementSplitter.split(sql);
    if (parts.isEmpty()) {
      out.emptyQueryResponse();
    }
    implicitBlock = parts.size() > 1;
    try {
      for (String statement : parts) {
        try {
          runSimple(statement);
        } catch (RuntimeException e) {
          sendError(e);
          break;
        }
      }
    } finally {
      implicitBlock = false;
    }
    if (status == TransactionStatus.IDLE) {
      endTransaction(true); // the query's own transaction commits
    }
    out.readyForQuery(status);
  }

  private void runSimple(String sql) throws IOException {
    checkNotAborted(sql);
    running.begin(statementTimeoutMillis());
    try {
      PreparedQuery query = session.prepare(sql, new int[0]);
      running.check();
      try (QueryResult result = run(new ParsedStatement("", sql, query, new int[0]), List.of())) {
        if (result instanceof CopyIn || result instanceof CopyOut) {
          out.commandComplete("COPY " + copy(result));
          return;
        }
        List<ResultColumn> columns = result.columns();
        long rows = 0;
        if (!columns.isEmpty()) {
          PgType[] types = typesOf(columns);
          short[] formats = new short[columns.size()];
          if (result instanceof CursorFetch fetch && fetch.binary()) {
            java.util.Arrays.fill(formats, (short) 1);
          }
          out.rowDescription(columns, types, formats);
          while (result.next()) {
            running.check();
            out.dataRow(result, types, formats);
            rows++;
          }
        }
        String tag = result.commandTag();
        out.commandComplete(completedTag(tag, columns, rows));
        completed(tag, sql);
      }
    } finally {
      running.end();
    }
  }

  /** Follows the transaction status after a statement succeeded; COMMIT and ROLLBACK end the transaction's portals. */
  private void completed(String tag, String sql) {
    TransactionStatus before = status;
    status = status.afterSuccess(tag, sql);
    if (before != TransactionStatus.IDLE && status == TransactionStatus.IDLE) {
      endTransaction(!tag.equalsIgnoreCase("ROLLBACK"));
    }
  }

  // ---- Cursors ---------------------------------------------------------------------------

  /**
   * Runs a statement: a cursor statement on this connection's portals (a cursor is a portal, as
   * in PostgreSQL), any other in the SQL session.
   */
  private QueryResult run(ParsedStatement statement, List<Object> params) {
    return switch (statement.query().cursor()) {
      case null -> session.execute(statement.query(), params);
      case CursorStatement.Declare declare -> declare(statement, declare, params);
      case CursorStatement.Fetch fetch -> CursorFetch.start(cursor(fetch.name()), fetch);
      case CursorStatement.Close close -> closeCursor(close.name());
    };
  }

  /** DECLARE: the query runs now, on the snapshot of this moment, and its result stays open in the cursor. */
  private QueryResult declare(ParsedStatement statement, CursorStatement.Declare declare, List<Object> params) {
    if (!declare.hold() && status != TransactionStatus.IN_BLOCK && !implicitBlock) {
      throw new PgException(SqlState.NO_ACTIVE_SQL_TRANSACTION, "DECLARE CURSOR can only be used in transaction blocks");
    }
    if (portals.containsKey(declare.name())) {
      throw new PgException(SqlState.DUPLICATE_CURSOR, "cursor \"" + declare.name() + "\" already exists");
    }
    QueryResult rows = session.execute(statement.query(), params);
    // its own statement object: closing the prepared DECLARE does not close the cursor
    ParsedStatement declaring = new ParsedStatement(statement.name(), statement.sql(), statement.query(), statement.paramOids());
    portals.put(declare.name(), Portal.cursor(declaring, declare, rows, typesOf(rows.columns())));
    return QueryResult.completed("DECLARE CURSOR");
  }

  private Portal cursor(String name) {
    Portal p = portals.get(name);
    if (p == null || p.cursor == null) {
      throw new PgException(SqlState.INVALID_CURSOR_NAME, "cursor \"" + name + "\" does not exist");
    }
    return p;
  }

  /** CLOSE name, or CLOSE ALL ({@code name} null): every cursor of the session. */
  private QueryResult closeCursor(String name) {
    if (name == null) {
      portals.values().removeIf(p -> {
        if (p.cursor == null) return false;
        closeQuietly(p);
        return true;
      });
      return QueryResult.completed("CLOSE CURSOR ALL");
    }
    closeQuietly(cursor(name));
    portals.remove(name);
    return QueryResult.completed("CLOSE CURSOR");
  }

  /**
   * The transaction ended. Its portals and cursors close; cursors WITH HOLD stay if it committed,
   * and those of transactions committed before stay either way.
   */
  private void endTransaction(boolean committed) {
    for (Iterator<Portal> it = portals.values().iterator(); it.hasNext(); ) {
      Portal p = it.next();
      if (p.held || (committed && p.holdable())) {
        p.held = true;
      } else {
        closeQuietly(p);
        it.remove();
      }
    }
  }

  /**
   * The time the next statement may take: the session's statement_timeout or the server's limit,
   * the smaller one when both are set; 0 for none.
   */
  private long statementTimeoutMillis() {
    long session = this.session.statementTimeoutMillis();
    long server = this.server.options().maxStatementMillis();
    return session == 0 ? server : server == 0 ? session : Math.min(session, server);
  }

  private static String completedTag(String tag, List<ResultColumn> columns, long rows) {
    return !columns.isEmpty() && tag.equals("SELECT") ? "SELECT " + rows : tag;
  }

  private static PgType[] typesOf(List<ResultColumn> columns) {
    PgType[] types = new PgType[columns.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = PgTypes.forResult(columns.get(i).typeOid());
    }
    return types;
  }

  // ---- COPY ------------------------------------------------------------------------------

  /** Runs the COPY sub-protocol of a COPY statement's result; returns the rows copied. */
  private long copy(QueryResult result) throws IOException {
    return result instanceof CopyIn in ? copyIn(in) : copyOut((CopyOut) result);
  }

  /**
   * Copy-in mode: CopyData until CopyDone (then the rows are made durable) or CopyFail. Flush and
   * Sync are ignored meanwhile, as the protocol says. If a row is bad, the error is raised at
   * once; the client's remaining CopyData, CopyDone or CopyFail then arrive in the normal message
   * loop, which ignores them, as PostgreSQL does.
   */
  private long copyIn(CopyIn copy) throws IOException {
    CopyInDecoder decoder = CopyInDecoder.of(copy);
    out.copyResponse(true, copy.options().binary(), copy.targetColumns().size());
    out.flush();
    while (true) {
      int type = in.read();
      if (type < 0) {
        throw new EOFException();
      }
      FrontendMessage msg = readBody(MAX_MESSAGE_LENGTH);
      running.check();
      switch (type) {
        case 'd' -> {
          int n = msg.remaining();
          decoder.feed(msg.array(), msg.skip(n), n);
        }
        case 'c' -> {
          decoder.finish();
          return copy.finish();
        }
        case 'f' -> throw new PgException(SqlState.QUERY_CANCELED, "COPY from stdin failed: " + msg.readCString());
        case 'H', 'S' -> {}
        case 'X' -> throw new EOFException("client terminated the connection during COPY");
        default -> throw new PgException(SqlState.PROTOCOL_VIOLATION,
            String.format("unexpected message type 0x%02X during COPY from stdin", type));
      }
    }
  }

  /** Copy-out mode: CopyOutResponse, one CopyData per row, CopyDone. */
  private long copyOut(CopyOut copy) throws IOException {
    List<ResultColumn> columns = copy.columns();
    CopyOutEncoder encoder =
        new CopyOutEncoder(copy.options(), typesOf(columns), columns.stream().map(ResultColumn::name).toList());
    out.copyResponse(false, copy.options().binary(), columns.size());
    if (encoder.hasPreamble()) {
      out.copyPreamble(encoder);
    }
    long rows = 0;
    while (copy.next()) {
      running.check();
      out.copyRow(encoder, copy);
      rows++;
    }
    if (copy.options().binary()) {
      out.copyBinaryTrailer(encoder);
    }
    out.copyDone();
    return rows;
  }

  // ---- Extended query --------------------------------------------------------------------

  private void extended(char type, FrontendMessage msg) throws IOException {
    try {
      switch (type) {
        case 'P' -> parse(msg);
        case 'B' -> bind(msg);
        case 'D' -> describe(msg);
        case 'E' -> execute(msg);
        case 'C' -> close(msg);
        case 'H' -> out.flush();
        default -> throw new IllegalStateException();
      }
    } catch (MalformedMessageException e) {
      throw e;
    } catch (RuntimeException e) {
      sendError(e);
      skipUntilSync = true;
    }
  }

  private void sync(FrontendMessage msg) throws IOException {
    msg.expectEnd();
    skipUntilSync = false;
    if (status == TransactionStatus.IDLE) {
      endTransaction(true); // the implicit transaction of the messages since the last Sync commits
    }
    out.readyForQuery(status);
  }

  private void parse(FrontendMessage msg) throws IOException {
    String name = msg.readCString();
    String sql = msg.readCString();
    int count = msg.readInt16();
    if (count < 0) {
      throw new MalformedMessageException("invalid parameter count");
    }
    int[] clientOids = new int[count];
    for (int i = 0; i < count; i++) {
      clientOids[i] = msg.readInt32();
    }
    msg.expectEnd();
    if (!name.isEmpty() && statements.containsKey(name)) {
      throw new PgException(SqlState.DUPLICATE_PREPARED_STATEMENT, "prepared statement \"" + name + "\" already exists");
    }
    List<String> parts = StatementSplitter.split(sql);
    if (parts.size() > 1) {
      throw new PgException(SqlState.SYNTAX_ERROR, "cannot insert multiple commands into a prepared statement");
    }
    ParsedStatement statement;
    if (parts.isEmpty()) {
      statement = new ParsedStatement(name, sql, null, clientOids);
    } else {
      checkNotAborted(parts.get(0));
      PreparedQuery query = session.prepare(parts.get(0), clientOids);
      int[] inferred = query.paramOids();
      int[] oids = new int[Math.max(inferred.length, clientOids.length)];
      for (int i = 0; i < oids.length; i++) {
        int client = i < clientOids.length ? clientOids[i] : 0;
        oids[i] = client != 0 ? client : i < inferred.length ? inferred[i] : 0;
      }
      statement = new ParsedStatement(name, parts.get(0), query, oids);
    }
    statements.put(name, statement);
    out.parseComplete();
  }

  private ParsedStatement statement(String name) {
    ParsedStatement s = statements.get(name);
    if (s == null) {
      throw new PgException(SqlState.INVALID_SQL_STATEMENT_NAME, "prepared statement \"" + name + "\" does not exist");
    }
    return s;
  }

  private Portal portal(String name) {
    Portal p = portals.get(name);
    if (p == null) {
      throw new PgException(SqlState.INVALID_CURSOR_NAME, "portal \"" + name + "\" does not exist");
    }
    return p;
  }

  private static short[] readFormats(FrontendMessage msg) {
    int n = msg.readInt16();
    if (n < 0) {
      throw new MalformedMessageException("invalid format code count");
    }
    short[] formats = new short[n];
    for (int i = 0; i < n; i++) {
      formats[i] = (short) msg.readInt16();
      if (formats[i] != 0 && formats[i] != 1) {
        throw new PgException(SqlState.PROTOCOL_VIOLATION, "unsupported format code: " + formats[i]);
      }
    }
    return formats;
  }

  /** Format codes per column from the 0, 1 or n codes a Bind gave. */
  private static short[] formatsFor(short[] codes, int columns) {
    short[] out = new short[columns];
    if (codes.length == 1) {
      java.util.Arrays.fill(out, codes[0]);
    } else if (codes.length == columns) {
      System.arraycopy(codes, 0, out, 0, columns);
    } else if (codes.length != 0) {
      throw new PgException(SqlState.PROTOCOL_VIOLATION,
          "bind message has " + codes.length + " result formats but query has " + columns + " columns");
    }
    return out;
  }

  private void bind(FrontendMessage msg) throws IOException {
    String portalName = msg.readCString();
    String statementName = msg.readCString();
    short[] paramFormats = readFormats(msg);
    int count = msg.readInt16();
    if (count < 0) {
      throw new MalformedMessageException("invalid parameter count");
    }
    int[] offsets = new int[count];
    int[] lengths = new int[count];
    for (int i = 0; i < count; i++) {
      lengths[i] = msg.readInt32();
      if (lengths[i] < -1) {
        throw new MalformedMessageException("invalid parameter length");
      }
      offsets[i] = lengths[i] < 0 ? 0 : msg.skip(lengths[i]);
    }
    short[] resultFormats = readFormats(msg);
    msg.expectEnd();

    ParsedStatement statement = statement(statementName);
    if (!portalName.isEmpty() && portals.containsKey(portalName)) {
      throw new PgException(SqlState.DUPLICATE_CURSOR, "cursor \"" + portalName + "\" already exists");
    }
    if (count != statement.paramOids().length) {
      throw new PgException(SqlState.PROTOCOL_VIOLATION, "bind message supplies " + count
          + " parameters, but prepared statement \"" + statementName + "\" requires " + statement.paramOids().length);
    }
    if (paramFormats.length > 1 && paramFormats.length != count) {
      throw new PgException(SqlState.PROTOCOL_VIOLATION,
          "bind message has " + paramFormats.length + " parameter formats but " + count + " parameters");
    }
    if (statement.query() != null) {
      checkNotAborted(statement.sql());
      formatsFor(resultFormats, columnsOf(statement).size());
    }
    List<Object> params = new ArrayList<>(count);
    byte[] data = msg.array();
    for (int i = 0; i < count; i++) {
      if (lengths[i] < 0) {
        params.add(null);
        continue;
      }
      PgType type = PgTypes.forParameter(statement.paramOids()[i]);
      boolean binary = paramFormats.length == 1 ? paramFormats[0] == 1 : paramFormats.length > 0 && paramFormats[i] == 1;
      params.add(decodeParameter(type, binary, data, offsets[i], lengths[i], i + 1));
    }
    closePortal(portalName);
    portals.put(portalName, new Portal(statement, params, resultFormats));
    out.bindComplete();
  }

  private static Object decodeParameter(PgType type, boolean binary, byte[] data, int off, int len, int index) {
    try {
      return binary ? type.readBinary(data, off, len) : type.readText(new String(data, off, len, StandardCharsets.UTF_8));
    } catch (PgException e) {
      if (binary) {
        throw new PgException(SqlState.INVALID_BINARY_REPRESENTATION,
            "incorrect binary data format in bind parameter " + index, e.getMessage(), null, e);
      }
      throw e;
    } catch (RuntimeException e) {
      throw new PgException(binary ? SqlState.INVALID_BINARY_REPRESENTATION : SqlState.INVALID_TEXT_REPRESENTATION,
          "invalid value for bind parameter " + index + " of type " + type.name(), e);
    }
  }

  private void describe(FrontendMessage msg) throws IOException {
    byte kind = msg.readByte();
    String name = msg.readCString();
    msg.expectEnd();
    if (kind == 'S') {
      ParsedStatement s = statement(name);
      int[] oids = s.paramOids().clone();
      for (int i = 0; i < oids.length; i++) {
        if (oids[i] == 0 || oids[i] == PgTypes.UNKNOWN.oid()) {
          oids[i] = PgTypes.TEXT.oid();
        }
      }
      out.parameterDescription(oids);
      describeColumns(columnsOf(s), new short[0]);
    } else if (kind == 'P') {
      Portal p = portal(name);
      describeColumns(p.cursor != null ? p.cursorColumns : columnsOf(p.statement), p.resultFormats);
    } else {
      throw new MalformedMessageException("invalid DESCRIBE message subtype " + kind);
    }
  }

  /** The columns a statement returns; a FETCH returns those of its cursor, when the cursor exists. */
  private List<ResultColumn> columnsOf(ParsedStatement s) {
    if (s.query() == null) {
      return List.of();
    }
    if (s.query().cursor() instanceof CursorStatement.Fetch fetch && !fetch.move()) {
      Portal cursor = portals.get(fetch.name());
      return cursor != null && cursor.cursor != null ? cursor.cursorColumns : List.of();
    }
    return s.query().columns();
  }

  private void describeColumns(List<ResultColumn> columns, short[] formatCodes) throws IOException {
    if (columns.isEmpty()) {
      out.noData();
    } else {
      out.rowDescription(columns, typesOf(columns), formatsFor(formatCodes, columns.size()));
    }
  }

  private void execute(FrontendMessage msg) throws IOException {
    String name = msg.readCString();
    int maxRows = msg.readInt32();
    msg.expectEnd();
    Portal p = portal(name);
    ParsedStatement s = p.statement;
    if (s.query() == null) {
      out.emptyQueryResponse();
      return;
    }
    if (p.done) {
      out.commandComplete(completedTag(p.result == null ? "SELECT" : p.result.commandTag(), List.of(), 0));
      return;
    }
    checkNotAborted(s.sql());
    running.begin(statementTimeoutMillis());
    try {
      if (p.result == null) {
        p.result = run(s, p.params);
        if (p.result instanceof CopyIn || p.result instanceof CopyOut) {
          // A COPY runs to its end whatever the row limit, as in PostgreSQL.
          long rows = copy(p.result);
          out.commandComplete("COPY " + rows);
          p.done = true;
          p.close();
          return;
        }
        List<ResultColumn> columns = p.result.columns();
        p.types = typesOf(columns);
        p.formats = formatsFor(p.resultFormats, columns.size());
      }
      QueryResult result = p.result;
      long sent = 0;
      if (p.types.length > 0) {
        boolean finished = false;
        while (maxRows <= 0 || sent < maxRows) {
          if (!p.nextRow()) {
            finished = true;
            break;
          }
          running.check();
          out.dataRow(result, p.types, p.formats);
          sent++;
        }
        if (!finished && p.nextRow()) {
          p.rowPending = true;
          // A cancel or timeout that came during this Execute may have interrupted the engine
          // after its last fetch; the portal must not live on to fail its next Execute for it.
          running.end();
          running.check();
          out.portalSuspended();
          return;
        }
      }
      String tag = result.commandTag();
      out.commandComplete(completedTag(tag, result.columns(), sent));
      p.done = true;
      p.close();
      completed(tag, s.sql());
    } catch (RuntimeException e) {
      p.done = true;
      closeQuietly(p);
      throw e;
    } finally {
      running.end();
    }
  }

  private void close(FrontendMessage msg) throws IOException {
    byte kind = msg.readByte();
    String name = msg.readCString();
    msg.expectEnd();
    if (kind == 'S') {
      ParsedStatement s = statements.remove(name);
      if (s != null) {
        for (Iterator<Portal> it = portals.values().iterator(); it.hasNext(); ) {
          Portal p = it.next();
          if (p.statement == s) {
            closeQuietly(p);
            it.remove();
          }
        }
      }
    } else if (kind == 'P') {
      closePortal(name);
    } else {
      throw new MalformedMessageException("invalid CLOSE message subtype " + kind);
    }
    out.closeComplete();
  }

  private void closePortal(String name) {
    Portal p = portals.remove(name);
    if (p != null) {
      closeQuietly(p);
    }
  }

  private static void closeQuietly(Portal p) {
    try {
      p.close();
    } catch (RuntimeException e) {
      log.warn("closing a result failed", e);
    }
  }
}

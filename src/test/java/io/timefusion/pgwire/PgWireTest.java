package io.timefusion.pgwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The wire server against real clients (pgjdbc, psql) over a DuckDB passthrough engine. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PgWireTest {
  private static final String USER = "tf";
  private static final String PASSWORD = "s3cret";

  private static DuckDbPassthroughEngine engine;
  private static PgServer server;

  @BeforeAll
  static void start() throws Exception {
    engine = new DuckDbPassthroughEngine();
    server = new PgServer(new InetSocketAddress("127.0.0.1", 0), USER, PASSWORD, engine);
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    engine.close();
  }

  private static String url(PgServer s, String extra) {
    return "jdbc:postgresql://127.0.0.1:" + s.port() + "/postgres?sslmode=disable" + extra;
  }

  private static Connection connect(String extra) throws SQLException {
    return DriverManager.getConnection(url(server, extra), USER, PASSWORD);
  }

  @Test
  void simpleProtocolQuery() throws Exception {
    try (Connection c = connect("&preferQueryMode=simple"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 42 AS answer, 'it''s' AS text, NULL::INTEGER AS nothing")) {
      assertTrue(rs.next());
      assertEquals(42, rs.getInt("answer"));
      assertEquals("it's", rs.getString(2));
      assertNull(rs.getObject(3));
      assertFalse(rs.next());
      assertEquals("16.6 (TimeFusion)", c.getMetaData().getDatabaseProductVersion());
    }
  }

  @Test
  void valuesRoundTripInTextAndBinary() throws Exception {
    String sql = "SELECT 7::SMALLINT, 2147483647::INTEGER, 9007199254740993::BIGINT, 1.5::DOUBLE, 0.1::DOUBLE,"
        + " 2.5::FLOAT, 12345.678::DECIMAL(10,3), true, 'héllo', DATE '2025-01-17',"
        + " TIMESTAMP '2025-01-17 14:35:00.5', TIMESTAMPTZ '2025-01-17 14:35:00+00',"
        + " '0b6f5d3c-6f1e-4a4b-9c1a-4e2b7a9d8c01'::UUID, [1, 2, 3]::BIGINT[], ['a', 'c d', NULL],"
        + " '\\x01\\xff'::BLOB, -0.00012345::DECIMAL(18,8)";
    for (String mode : List.of("&preferQueryMode=simple", "&prepareThreshold=1&binaryTransfer=true",
        "&prepareThreshold=1&binaryTransfer=false")) {
      try (Connection c = connect(mode); PreparedStatement ps = c.prepareStatement(sql)) {
        for (int run = 0; run < 3; run++) {
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next(), mode);
            assertEquals(7, rs.getShort(1), mode);
            assertEquals(2147483647, rs.getInt(2), mode);
            assertEquals(9007199254740993L, rs.getLong(3), mode);
            assertEquals(1.5, rs.getDouble(4), mode);
            assertEquals("0.1", rs.getString(5), mode);
            assertEquals(2.5f, rs.getFloat(6), mode);
            assertEquals(new BigDecimal("12345.678"), rs.getBigDecimal(7), mode);
            assertTrue(rs.getBoolean(8), mode);
            assertEquals("héllo", rs.getString(9), mode);
            assertEquals(LocalDate.of(2025, 1, 17), rs.getObject(10, LocalDate.class), mode);
            assertEquals(LocalDateTime.of(2025, 1, 17, 14, 35, 0, 500_000_000), rs.getObject(11, LocalDateTime.class), mode);
            assertEquals(OffsetDateTime.of(2025, 1, 17, 14, 35, 0, 0, ZoneOffset.UTC),
                rs.getObject(12, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC), mode);
            assertEquals(UUID.fromString("0b6f5d3c-6f1e-4a4b-9c1a-4e2b7a9d8c01"), rs.getObject(13), mode);
            assertArrayEquals(new Long[] {1L, 2L, 3L}, (Object[]) rs.getArray(14).getArray(), mode);
            assertArrayEquals(new String[] {"a", "c d", null}, (Object[]) rs.getArray(15).getArray(), mode);
            assertArrayEquals(new byte[] {1, (byte) 0xff}, rs.getBytes(16), mode);
            assertEquals(new BigDecimal("-0.00012345"), rs.getBigDecimal(17), mode);
          }
        }
      }
    }
  }

  @Test
  void textOutputMatchesPostgres() throws Exception {
    try (Connection c = connect("&preferQueryMode=simple"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT TIMESTAMPTZ '2025-01-17 14:35:00.5+00', TIMESTAMPTZ '2025-01-17 14:35:00+02',"
            + " 1e20::DOUBLE, 'infinity'::DOUBLE, ['x y', '', 'NULL', 'q\"b'], 0.1::FLOAT, 123456789.0::DOUBLE")) {
      assertTrue(rs.next());
      assertEquals("2025-01-17 14:35:00.5+00", rs.getString(1));
      assertEquals("2025-01-17 12:35:00+00", rs.getString(2));
      assertEquals("1e+20", rs.getString(3));
      assertEquals("Infinity", rs.getString(4));
      assertEquals("{\"x y\",\"\",\"NULL\",\"q\\\"b\"}", rs.getString(5));
      assertEquals("0.1", rs.getString(6));
      assertEquals("123456789", rs.getString(7));
    }
  }

  @Test
  void serverPreparedStatementsWithBinaryParameters() throws Exception {
    try (Connection c = connect("&prepareThreshold=2&binaryTransfer=true");
        PreparedStatement ps = c.prepareStatement(
            "SELECT ?::BIGINT + 1, ?::INTEGER * 2, ?::DOUBLE / 2, ?::TIMESTAMP, ?::TIMESTAMPTZ,"
                + " list_sum(?::BIGINT[]), ?::VARCHAR, ?::UUID, ?::BOOLEAN")) {
      for (int i = 0; i < 8; i++) {
        ps.setLong(1, 10_000_000_000L + i);
        ps.setInt(2, i);
        ps.setDouble(3, 3.0 * i);
        ps.setTimestamp(4, Timestamp.valueOf(LocalDateTime.of(2025, 1, 17, 14, 35, i, 123_456_000)));
        ps.setObject(5, OffsetDateTime.of(2025, 1, 17, 14, 35, i, 0, ZoneOffset.ofHours(2)));
        Array arr = c.createArrayOf("bigint", new Long[] {1L, 2L, (long) i});
        ps.setArray(6, arr);
        ps.setString(7, "x,\"y\" " + i);
        ps.setObject(8, UUID.fromString("0b6f5d3c-6f1e-4a4b-9c1a-4e2b7a9d8c0" + i));
        ps.setBoolean(9, i % 2 == 0);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(10_000_000_001L + i, rs.getLong(1));
          assertEquals(2 * i, rs.getInt(2));
          assertEquals(1.5 * i, rs.getDouble(3), 1e-9);
          assertEquals(LocalDateTime.of(2025, 1, 17, 14, 35, i, 123_456_000), rs.getObject(4, LocalDateTime.class));
          assertEquals(OffsetDateTime.of(2025, 1, 17, 12, 35, i, 0, ZoneOffset.UTC),
              rs.getObject(5, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC));
          assertEquals(3 + i, rs.getLong(6));
          assertEquals("x,\"y\" " + i, rs.getString(7));
          assertEquals("0b6f5d3c-6f1e-4a4b-9c1a-4e2b7a9d8c0" + i, rs.getString(8));
          assertEquals(i % 2 == 0, rs.getBoolean(9));
        }
      }
    }
  }

  @Test
  void batchInsertsAndFetchSize() throws Exception {
    try (Connection c = connect("")) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE batch_rows (id BIGINT, name VARCHAR, ts TIMESTAMP)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_rows VALUES (?, ?, ?)")) {
        for (int i = 0; i < 500; i++) {
          ps.setLong(1, i);
          ps.setString(2, "row " + i);
          ps.setTimestamp(3, Timestamp.valueOf(LocalDateTime.of(2025, 1, 1, 0, 0).plusSeconds(i)));
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        assertEquals(500, counts.length);
        assertEquals(1, counts[0]);
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM batch_rows ORDER BY id")) {
        ps.setFetchSize(7);
        long sum = 0;
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            assertEquals("row " + rs.getLong(1), rs.getString(2));
            sum += rs.getLong(1);
            n++;
          }
        }
        assertEquals(500, n);
        assertEquals(499L * 500 / 2, sum);
      }
      c.commit();
      c.setAutoCommit(true);
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM batch_rows")) {
        assertTrue(rs.next());
        assertEquals(500, rs.getLong(1));
      }
    }
  }

  @Test
  void errorsCarrySqlStateAndTheSessionContinues() throws Exception {
    for (String mode : List.of("", "&preferQueryMode=simple")) {
      try (Connection c = connect(mode); Statement s = c.createStatement()) {
        assertEquals("42601", assertThrows(SQLException.class, () -> s.executeQuery("SELEC 1")).getSQLState());
        assertEquals("42P01", assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM nowhere")).getSQLState());
        try (ResultSet rs = s.executeQuery("SELECT 1")) {
          assertTrue(rs.next());
        }
        c.setAutoCommit(false);
        assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM nowhere"));
        SQLException aborted = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
        assertEquals("25P02", aborted.getSQLState(), mode);
        c.rollback();
        try (ResultSet rs = s.executeQuery("SELECT 2")) {
          assertTrue(rs.next());
          assertEquals(2, rs.getInt(1));
        }
        c.setAutoCommit(true);
      }
    }
  }

  @Test
  void multipleStatementsInOneSimpleQuery() throws Exception {
    try (Connection c = connect("&preferQueryMode=simple"); Statement s = c.createStatement()) {
      assertTrue(s.execute("SELECT 1; SELECT 'a;b' AS x -- c;\n; CREATE TABLE multi (x INT); INSERT INTO multi VALUES (1), (2)"));
      try (ResultSet rs = s.getResultSet()) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
      }
      assertTrue(s.getMoreResults());
      try (ResultSet rs = s.getResultSet()) {
        assertTrue(rs.next());
        assertEquals("a;b", rs.getString(1));
      }
      assertFalse(s.getMoreResults());
      assertEquals(0, s.getUpdateCount());
      assertFalse(s.getMoreResults());
      assertEquals(2, s.getUpdateCount());
      // An error stops the rest of the message.
      assertThrows(SQLException.class, () -> s.execute("INSERT INTO multi VALUES (3); SELEC; INSERT INTO multi VALUES (4)"));
      try (ResultSet rs = s.executeQuery("SELECT sum(x) FROM multi")) {
        assertTrue(rs.next());
        assertEquals(6, rs.getInt(1));
      }
    }
  }

  @Test
  void authentication() throws Exception {
    SQLException wrong = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(url(server, ""), USER, "wrong"));
    assertEquals("28P01", wrong.getSQLState());
    assertEquals("28P01", assertThrows(SQLException.class,
        () -> DriverManager.getConnection(url(server, ""), "other", PASSWORD)).getSQLState());
    try (PgServer clear = new PgServer(new InetSocketAddress("127.0.0.1", 0), USER, PASSWORD, engine,
        PgServerOptions.defaults().withAuthMethod(AuthMethod.CLEARTEXT))) {
      clear.start();
      try (Connection c = DriverManager.getConnection(url(clear, ""), USER, PASSWORD);
          ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
        assertTrue(rs.next());
      }
      assertEquals("28P01", assertThrows(SQLException.class,
          () -> DriverManager.getConnection(url(clear, ""), USER, "nope")).getSQLState());
    }
  }

  @Test
  void connectionLimit() throws Exception {
    try (PgServer limited = new PgServer(new InetSocketAddress("127.0.0.1", 0), USER, PASSWORD, engine,
        PgServerOptions.defaults().withMaxConnections(1))) {
      limited.start();
      try (Connection first = DriverManager.getConnection(url(limited, ""), USER, PASSWORD)) {
        SQLException e = assertThrows(SQLException.class,
            () -> DriverManager.getConnection(url(limited, ""), USER, PASSWORD));
        assertEquals("53300", e.getSQLState());
        assertTrue(first.isValid(2));
      }
      for (int i = 0; i < 50 && true; i++) {
        try (Connection again = DriverManager.getConnection(url(limited, ""), USER, PASSWORD)) {
          assertTrue(again.isValid(2));
          return;
        } catch (SQLException e) {
          Thread.sleep(50); // the first session is released when its socket closes
        }
      }
      throw new AssertionError("the limit was not released");
    }
  }

  @Test
  void cancelStopsALongQuery() throws Exception {
    try (Connection c = connect(""); Statement s = c.createStatement()) {
      CompletableFuture<SQLException> running = CompletableFuture.supplyAsync(() -> {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM range(10000000000000) t(i) WHERE i % 7 = 3")) {
          return null;
        } catch (SQLException e) {
          return e;
        }
      });
      SQLException e = null;
      for (int i = 0; i < 100 && e == null; i++) {
        Thread.sleep(100);
        s.cancel();
        try {
          e = running.get(100, TimeUnit.MILLISECONDS);
          if (e == null) {
            throw new AssertionError("the query finished instead of being canceled");
          }
        } catch (java.util.concurrent.TimeoutException notYet) {
          // cancel again: the first request may have arrived before the query started
        }
      }
      assertEquals("57014", e.getSQLState());
      try (ResultSet rs = s.executeQuery("SELECT 3")) {
        assertTrue(rs.next());
        assertEquals(3, rs.getInt(1));
      }
    }
  }

  // ---- Raw protocol ---------------------------------------------------------------------

  /** A minimal frontend for checks pgjdbc cannot make. */
  private static final class RawClient implements AutoCloseable {
    final Socket socket;
    final DataInputStream in;
    final DataOutputStream out;

    RawClient(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(10_000);
      in = new DataInputStream(socket.getInputStream());
      out = new DataOutputStream(socket.getOutputStream());
    }

    void startup() throws IOException {
      byte[] params = ("user\0" + USER + "\0database\0postgres\0\0").getBytes(StandardCharsets.UTF_8);
      out.writeInt(8 + params.length);
      out.writeInt(196608);
      out.write(params);
      out.flush();
      byte[] body = authenticationRequest();
      assertEquals(10, body[3], "AuthenticationSASL");
      assertEquals("SCRAM-SHA-256\0\0", new String(body, 4, body.length - 4, StandardCharsets.UTF_8));
      ScramClient scram = new ScramClient(PASSWORD, "raw-client-nonce", "n,,", null);
      byte[] first = scram.clientFirst().getBytes(StandardCharsets.UTF_8);
      byte[] initial = concat(cstrings("SCRAM-SHA-256"), new byte[] {0, 0, 0, (byte) first.length}, first);
      send('p', initial);
      body = authenticationRequest();
      assertEquals(11, body[3], "AuthenticationSASLContinue");
      send('p', scram.clientFinal(new String(body, 4, body.length - 4, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
      body = authenticationRequest();
      assertEquals(12, body[3], "AuthenticationSASLFinal");
      assertTrue(scram.serverVerified(new String(body, 4, body.length - 4, StandardCharsets.UTF_8)));
      assertEquals(0, authenticationRequest()[3], "AuthenticationOk");
      readUntil('Z');
    }

    private byte[] authenticationRequest() throws IOException {
      char type = (char) in.readByte();
      byte[] body = new byte[in.readInt() - 4];
      in.readFully(body);
      assertEquals('R', type, () -> "expected an authentication request, got " + type + " " + field(body, 'M'));
      return body;
    }

    void send(char type, byte[] body) throws IOException {
      out.writeByte(type);
      out.writeInt(body.length + 4);
      out.write(body);
      out.flush();
    }

    /** Reads messages up to and including {@code last}; returns their types in order. */
    String readUntil(char last) throws IOException {
      StringBuilder types = new StringBuilder();
      while (true) {
        char type = (char) in.readByte();
        byte[] body = new byte[in.readInt() - 4];
        in.readFully(body);
        types.append(type);
        if (type == 'E') {
          types.append('[').append(field(body, 'C')).append(']');
        }
        if (type == last) {
          return types.toString();
        }
      }
    }

    static String field(byte[] body, char code) {
      int i = 0;
      while (i < body.length && body[i] != 0) {
        int end = i + 1;
        while (body[end] != 0) {
          end++;
        }
        if (body[i] == code) {
          return new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8);
        }
        i = end + 1;
      }
      return null;
    }

    /** Reads messages up to ReadyForQuery and returns the body of the first DataRow. */
    byte[] dataRowBody() throws IOException {
      byte[] row = null;
      while (true) {
        char type = (char) in.readByte();
        byte[] body = new byte[in.readInt() - 4];
        in.readFully(body);
        if (type == 'D' && row == null) {
          row = body;
        }
        if (type == 'E') {
          throw new AssertionError("error " + field(body, 'C') + ": " + field(body, 'M'));
        }
        if (type == 'Z') {
          return row;
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static byte[] cstrings(String... parts) {
    StringBuilder sb = new StringBuilder();
    for (String p : parts) {
      sb.append(p).append('\0');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void rawProtocolEdges() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      // SSLRequest is declined, then the startup continues on the same socket.
      c.out.writeInt(8);
      c.out.writeInt(80877103);
      c.out.flush();
      assertEquals('N', c.in.readByte());
      c.startup();
      c.send('Q', cstrings(""));
      assertEquals("IZ", c.readUntil('Z'));
      c.send('Q', cstrings(" -- only a comment\n ; "));
      assertEquals("IZ", c.readUntil('Z'));
      // Extended: an error discards everything until Sync.
      c.send('P', concat(cstrings("", "SELEC 1"), new byte[2]));
      c.send('B', concat(cstrings("", ""), new byte[6]));
      c.send('E', concat(cstrings(""), new byte[4]));
      c.send('S', new byte[0]);
      assertEquals("E[42601]Z", c.readUntil('Z'));
      // Row limit: PortalSuspended, then the rest on the next Execute.
      c.send('P', concat(cstrings("s1", "SELECT * FROM range(5)"), new byte[2]));
      c.send('B', concat(cstrings("p1", "s1"), new byte[6]));
      c.send('E', concat(cstrings("p1"), new byte[] {0, 0, 0, 2}));
      c.send('E', concat(cstrings("p1"), new byte[] {0, 0, 0, 2}));
      c.send('E', concat(cstrings("p1"), new byte[] {0, 0, 0, 2}));
      c.send('S', new byte[0]);
      assertEquals("12DDsDDsDCZ", c.readUntil('Z'));
      // The portal closed at Sync (no transaction block); the statement stays.
      c.send('E', concat(cstrings("p1"), new byte[4]));
      c.send('S', new byte[0]);
      assertEquals("E[34000]Z", c.readUntil('Z'));
      c.send('P', concat(cstrings("s1", "SELECT 1"), new byte[2]));
      c.send('S', new byte[0]);
      assertEquals("E[42P05]Z", c.readUntil('Z'));
      c.send('D', concat(new byte[] {'S'}, cstrings("s1")));
      c.send('C', concat(new byte[] {'S'}, cstrings("s1")));
      c.send('S', new byte[0]);
      assertEquals("tT3Z", c.readUntil('Z'));
      // An unknown message type is a protocol violation that ends the connection.
      c.send('~', new byte[0]);
      assertEquals("E[08P01]", c.readUntil('E'));
      assertEquals(-1, c.in.read());
    }
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void binaryParametersAndResults() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.startup();
      // Parse with a declared int8 parameter, bind it in binary, ask for binary results.
      c.send('P', concat(cstrings("", "SELECT $1::BIGINT + 1 AS n, 'x' AS t"), new byte[] {0, 1, 0, 0, 0, 20}));
      c.send('B', concat(cstrings("", ""), new byte[] {0, 1, 0, 1, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 1, 0,
          0, 2, 0, 1, 0, 0}));
      c.send('E', concat(cstrings(""), new byte[4]));
      c.send('S', new byte[0]);
      byte[] row = c.dataRowBody();
      // two columns: int8 257 in binary (8 bytes), text 'x' in text (1 byte)
      assertArrayEquals(new byte[] {0, 2, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 'x'}, row);
      // The same parameter in text format, one result format code for all columns.
      c.send('B', concat(cstrings("", ""), concat(new byte[] {0, 0, 0, 1, 0, 0, 0, 3, '4', '0', '0'},
          new byte[] {0, 1, 0, 0})));
      c.send('E', concat(cstrings(""), new byte[4]));
      c.send('S', new byte[0]);
      assertArrayEquals(new byte[] {0, 2, 0, 0, 0, 3, '4', '0', '1', 0, 0, 0, 1, 'x'}, c.dataRowBody());
      // A wrong binary length is 22P03 and the session goes on.
      c.send('B', concat(cstrings("", ""), new byte[] {0, 1, 0, 1, 0, 1, 0, 0, 0, 2, 0, 1, 0, 0}));
      c.send('S', new byte[0]);
      assertEquals("E[22P03]Z", c.readUntil('Z'));
    }
  }

  @Test
  void garbageDoesNotHurtTheServer() throws Exception {
    Random random = new Random(42);
    for (int i = 0; i < 20; i++) {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(5000);
        byte[] junk = new byte[1 + random.nextInt(300)];
        random.nextBytes(junk);
        s.getOutputStream().write(junk);
        s.getOutputStream().flush();
        s.shutdownOutput();
        while (s.getInputStream().read() >= 0) {
          // drain whatever the server answers until it closes
        }
      } catch (IOException expected) {
        // a reset is as good as a close
      }
    }
    try (RawClient c = new RawClient(server.port())) {
      c.startup();
      c.out.writeByte('Q');
      c.out.writeInt(-5);
      c.out.flush();
      assertEquals("E[08P01]", c.readUntil('E'));
    }
    try (Connection c = connect(""); ResultSet rs = c.createStatement().executeQuery("SELECT 5")) {
      assertTrue(rs.next());
      assertEquals(5, rs.getInt(1));
    }
  }

  @Test
  void psqlClient() throws Exception {
    String out = psql("-A", "-t", "-c", "SELECT 1 AS one, 'x y' AS two, [1,2] AS arr");
    assertEquals("1|x y|{1,2}", out.strip());
    String multi = psql("-A", "-c", "SELECT 2 AS a; SELECT TIMESTAMPTZ '2025-01-17 14:35:00+00' AS ts");
    assertTrue(multi.contains("2025-01-17 14:35:00+00"), multi);
    String err = psql("-A", "-t", "-c", "SELECT * FROM nowhere");
    assertTrue(err.contains("ERROR") && err.contains("nowhere"), err);
  }

  private static String psql(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/psql",
        "postgresql://" + USER + "@127.0.0.1:" + server.port() + "/postgres?sslmode=prefer", "-X"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PGPASSWORD", PASSWORD);
    pb.environment().put("PGCONNECT_TIMEOUT", "10");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    return output;
  }
}

package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS and SCRAM-SHA-256 with the real clients: psql (libpq 15) and pgjdbc, against servers
 * configured through the environment as an operator would.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsAndScramTest {
  private static TestServer tls;

  @BeforeAll
  static void start() throws Exception {
    TestCerts.Identity rsa = TestCerts.rsa();
    tls = TestServer.start(Map.of("TIMEFUSION_TLS_CERT", rsa.cert().toString(), "TIMEFUSION_TLS_KEY", rsa.key().toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (tls != null) tls.close();
  }

  @Test
  void psqlOverTlsWithScramAndChannelBinding() throws Exception {
    for (String binding : List.of("require", "disable")) {
      Psql.Output out = psql(tls, "sslmode=require&channel_binding=" + binding, TestServer.PASSWORD,
          "-c", "\\conninfo", "-c", "SELECT x FROM range(20000) t(x)");
      assertEquals(0, out.exit(), out.stderr());
      assertTrue(out.stdout().contains("SSL connection (protocol: TLSv1.3"), out.stdout());
      assertEquals(20000, out.stdout().lines().filter(l -> l.matches("\\d+")).count());
      assertTrue(out.stdout().endsWith("\n19999\n"), "the last row arrived");
    }
  }

  @Test
  void clientsVerifyTheCertificate() throws Exception {
    String root = TestCerts.rsa().cert().toString();
    Psql.Output out = psql(tls, "sslmode=verify-full&sslrootcert=" + root, TestServer.PASSWORD, "-c", "SELECT 1");
    assertEquals(0, out.exit(), out.stderr());
    try (Connection c = DriverManager.getConnection(
        tls.jdbcUrl() + "?sslmode=verify-full&sslrootcert=" + root, TestServer.USER, TestServer.PASSWORD)) {
      assertTrue(c.isValid(5));
    }
    // a certificate the client does not trust is refused by the client
    String other = TestCerts.ec().cert().toString();
    Psql.Output untrusted = psql(tls, "sslmode=verify-ca&sslrootcert=" + other, TestServer.PASSWORD, "-c", "SELECT 1");
    assertEquals(2, untrusted.exit());
    assertTrue(untrusted.stderr().contains("certificate verify failed"), untrusted.stderr());
  }

  @Test
  void psqlWithAWrongPasswordIsRefused() throws Exception {
    Psql.Output out = psql(tls, "sslmode=require", "not-the-password", "-c", "SELECT 1");
    assertEquals(2, out.exit());
    assertTrue(out.stderr().contains("password authentication failed for user \"postgres\""), out.stderr());
  }

  @Test
  void pgjdbcOverTlsWithScram() throws Exception {
    for (String binding : List.of("require", "disable")) {
      String url = tls.jdbcUrl() + "?ssl=true&sslmode=require&channelBinding=" + binding;
      try (Connection c = DriverManager.getConnection(url, TestServer.USER, TestServer.PASSWORD);
          PreparedStatement ps = c.prepareStatement("SELECT x, repeat('tls', 10) FROM range(?) t(x)")) {
        ps.setLong(1, 50_000);
        long rows = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) rows++;
        }
        assertEquals(50_000, rows, binding);
      }
    }
    SQLException wrong = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(tls.jdbcUrl() + "?sslmode=require", TestServer.USER, "wrong"));
    assertEquals("28P01", wrong.getSQLState());
    assertTrue(wrong.getMessage().contains("password authentication failed for user \"postgres\""), wrong.getMessage());
    assertEquals("28P01", assertThrows(SQLException.class,
        () -> DriverManager.getConnection(tls.jdbcUrl() + "?sslmode=require", "intruder", TestServer.PASSWORD)).getSQLState());
  }

  @Test
  void plainConnectionsStillWorkUnlessTlsIsRequired() throws Exception {
    try (Connection c = DriverManager.getConnection(tls.jdbcUrl() + "?sslmode=disable", TestServer.USER, TestServer.PASSWORD)) {
      assertTrue(c.isValid(5));
    }
    TestCerts.Identity rsa = TestCerts.rsa();
    try (TestServer required = TestServer.start(Map.of(
        "TIMEFUSION_TLS_CERT", rsa.cert().toString(), "TIMEFUSION_TLS_KEY", rsa.key().toString(), "TIMEFUSION_TLS_REQUIRED", "true"))) {
      SQLException refused = assertThrows(SQLException.class,
          () -> DriverManager.getConnection(required.jdbcUrl() + "?sslmode=disable", TestServer.USER, TestServer.PASSWORD));
      assertEquals("28000", refused.getSQLState());
      assertTrue(refused.getMessage().contains("uses no encryption"), refused.getMessage());
      Psql.Output plain = psql(required, "sslmode=disable", TestServer.PASSWORD, "-c", "SELECT 1");
      assertEquals(2, plain.exit());
      assertTrue(plain.stderr().contains("TLS required: connection from host \"127.0.0.1\" for user \"postgres\", database \"postgres\" uses no encryption"),
          plain.stderr());
      // libpq's default, sslmode=prefer, switches to TLS and gets in
      Psql.Output prefer = psql(required, "sslmode=prefer", TestServer.PASSWORD, "-c", "\\conninfo");
      assertEquals(0, prefer.exit(), prefer.stderr());
      assertTrue(prefer.stdout().contains("SSL connection"), prefer.stdout());
      try (Connection c = DriverManager.getConnection(required.jdbcUrl() + "?sslmode=require", TestServer.USER, TestServer.PASSWORD);
          Statement st = c.createStatement()) {
        assertCancels(st);
      }
      // libpq 15 sends its CancelRequest in plaintext even for a TLS session: it must still work
      Psql.Output cancelled = Psql.runAndInterrupt(required.port(), "sslmode=require", TestServer.PASSWORD,
          "SELECT count(*) FROM range(100000000000) t(x) WHERE x % 7 = 3");
      assertTrue(cancelled.stderr().contains("canceling statement due to user request"), cancelled.stderr());
    }
  }

  @Test
  void withoutACertificateSslRequestIsDeclined() throws Exception {
    try (TestServer plain = TestServer.start()) {
      Psql.Output require = psql(plain, "sslmode=require", TestServer.PASSWORD, "-c", "SELECT 1");
      assertEquals(2, require.exit());
      assertTrue(require.stderr().contains("server does not support SSL"), require.stderr());
      Psql.Output prefer = psql(plain, "sslmode=prefer", TestServer.PASSWORD, "-c", "\\conninfo");
      assertEquals(0, prefer.exit(), prefer.stderr());
      assertFalse(prefer.stdout().contains("SSL connection"), prefer.stdout());
      assertThrows(SQLException.class,
          () -> DriverManager.getConnection(plain.jdbcUrl() + "?sslmode=require", TestServer.USER, TestServer.PASSWORD));
    }
  }

  @Test
  void md5AndCleartextStayAvailable() throws Exception {
    TestCerts.Identity ec = TestCerts.ec();
    for (String method : List.of("md5", "password")) {
      try (TestServer s = TestServer.start(Map.of("TIMEFUSION_AUTH_METHOD", method,
          "TIMEFUSION_TLS_CERT", ec.cert().toString(), "TIMEFUSION_TLS_KEY", ec.key().toString()))) {
        Psql.Output ok = psql(s, "sslmode=require", TestServer.PASSWORD, "-c", "SELECT 42");
        assertEquals(0, ok.exit(), ok.stderr());
        assertEquals("42", ok.stdout().strip());
        // channel binding needs SCRAM: libpq refuses a server that asks for anything else
        Psql.Output bound = psql(s, "sslmode=require&channel_binding=require", TestServer.PASSWORD, "-c", "SELECT 1");
        assertEquals(2, bound.exit(), method);
        try (Connection c = DriverManager.getConnection(s.jdbcUrl() + "?sslmode=disable", TestServer.USER, TestServer.PASSWORD)) {
          assertTrue(c.isValid(5));
        }
        assertEquals("28P01", assertThrows(SQLException.class,
            () -> DriverManager.getConnection(s.jdbcUrl(), TestServer.USER, "wrong")).getSQLState(), method);
      }
    }
  }

  @Test
  void ecAndEd25519Certificates() throws Exception {
    TestCerts.Identity ec = TestCerts.ec();
    TestCerts.Identity ed = TestCerts.ed25519();
    try (TestServer s = TestServer.start(Map.of("TIMEFUSION_TLS_CERT", ec.cert().toString(), "TIMEFUSION_TLS_KEY", ec.key().toString()))) {
      Psql.Output out = psql(s, "sslmode=require&channel_binding=require", TestServer.PASSWORD, "-c", "SELECT 1");
      assertEquals(0, out.exit(), out.stderr());
      try (Connection c = DriverManager.getConnection(s.jdbcUrl() + "?sslmode=require&channelBinding=require", TestServer.USER, TestServer.PASSWORD)) {
        assertTrue(c.isValid(5));
      }
    }
    // an Ed25519 certificate has no tls-server-end-point hash: SCRAM without channel binding
    try (TestServer s = TestServer.start(Map.of("TIMEFUSION_TLS_CERT", ed.cert().toString(), "TIMEFUSION_TLS_KEY", ed.key().toString()))) {
      Psql.Output out = psql(s, "sslmode=require", TestServer.PASSWORD, "-c", "\\conninfo");
      assertEquals(0, out.exit(), out.stderr());
      assertTrue(out.stdout().contains("SSL connection"), out.stdout());
      Psql.Output bound = psql(s, "sslmode=require&channel_binding=require", TestServer.PASSWORD, "-c", "SELECT 1");
      assertEquals(2, bound.exit());
      assertTrue(bound.stderr().contains("channel binding"), bound.stderr());
    }
  }

  /** pgjdbc's Statement.cancel() stops a long query (repeated: a cancel before the query starts does nothing). */
  private static void assertCancels(Statement st) throws Exception {
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    Thread canceller = Thread.ofPlatform().start(() -> {
      try {
        while (!done.get()) {
          Thread.sleep(300);
          st.cancel();
        }
      } catch (Exception ignored) {
        // the assertion below reports a missing cancel
      }
    });
    try {
      SQLException e = assertThrows(SQLException.class,
          () -> st.executeQuery("SELECT count(*) FROM range(100000000000) t(x) WHERE x % 7 = 3"));
      assertEquals("57014", e.getSQLState(), e.getMessage());
    } finally {
      done.set(true);
      canceller.join();
    }
    try (ResultSet rs = st.executeQuery("SELECT 1")) {
      assertTrue(rs.next());
    }
  }

  private static Psql.Output psql(TestServer server, String urlParams, String password, String... args) throws Exception {
    return Psql.run(server.port(), urlParams, password, args);
  }
}

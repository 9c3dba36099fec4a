package io.timefusion.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void defaultsMatchTheDocumentedTable() {
    Config c = Config.fromEnv(Map.of());
    assertEquals(5432, c.pgPort());
    assertEquals("postgres", c.pgUser());
    assertEquals(60, c.flushIntervalSecs());
    assertEquals(3, c.zstdLevel());
    assertEquals(128L * 1024 * 1024, c.bufferMaxMemoryBytes());
    assertEquals(Path.of("./data").toAbsolutePath().normalize(), c.dataDir());
  }

  @Test
  void everyBadValueIsNamedInOneError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Config.fromEnv(Map.of("PGWIRE_PORT", "abc", "TIMEFUSION_ZSTD_COMPRESSION_LEVEL", "40", "TIMEFUSION_ENABLE_CONNECTION_LIMIT", "maybe",
                "TIMEFUSION_PARQUET_VERSION", "v3")));
    assertTrue(e.getMessage().contains("PGWIRE_PORT"), e.getMessage());
    assertTrue(e.getMessage().contains("TIMEFUSION_ZSTD_COMPRESSION_LEVEL"), e.getMessage());
    assertTrue(e.getMessage().contains("TIMEFUSION_ENABLE_CONNECTION_LIMIT"), e.getMessage());
    assertTrue(e.getMessage().contains("TIMEFUSION_PARQUET_VERSION must be one of v2, v1, got 'v3'"), e.getMessage());
  }

  /** The README's configuration table is this, generated from {@link Config#SETTINGS}; on a mismatch, paste it. */
  static String readmeTable() {
    StringBuilder sb = new StringBuilder("| Variable | Default | Meaning |\n|---|---|---|\n");
    for (Config.Setting s : Config.SETTINGS) {
      String value = s.defaultValue().isEmpty() ? "(unset)" : "`" + s.defaultValue() + "`";
      sb.append("| `").append(s.name()).append("` | ").append(value).append(" | ").append(s.description()).append(" |\n");
    }
    return sb.toString();
  }

  @Test
  void readmeDocumentsEverySetting() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(readme.contains(readmeTable()), "the README's configuration table should be:\n" + readmeTable());
  }

  @Test
  void tlsAndAuthenticationSettings() throws Exception {
    Config c = Config.fromEnv(Map.of());
    assertEquals("scram-sha-256", c.authMethod());
    assertEquals(false, c.tlsEnabled());
    assertEquals(0, c.maxStatementSecs());
    assertEquals("md5", Config.fromEnv(Map.of("TIMEFUSION_AUTH_METHOD", "MD5")).authMethod());
    Path cert = Files.createTempFile("cert", ".pem");
    try {
      Config tls = Config.fromEnv(Map.of("TIMEFUSION_TLS_CERT", cert.toString(), "TIMEFUSION_TLS_KEY", cert.toString(),
          "TIMEFUSION_TLS_REQUIRED", "true", "TIMEFUSION_PGWIRE_MAX_STATEMENT_SECS", "30"));
      assertTrue(tls.tlsEnabled());
      assertTrue(tls.tlsRequired());
      assertEquals(30, tls.maxStatementSecs());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Config.fromEnv(Map.of(
          "TIMEFUSION_AUTH_METHOD", "trust", "TIMEFUSION_TLS_CERT", cert.toString(), "TIMEFUSION_TLS_REQUIRED", "true",
          "TIMEFUSION_PGWIRE_MAX_STATEMENT_SECS", "-1")));
      for (String part : new String[] {"TIMEFUSION_AUTH_METHOD must be one of scram-sha-256, md5, password",
          "TIMEFUSION_TLS_CERT and TIMEFUSION_TLS_KEY must be set together", "TIMEFUSION_PGWIRE_MAX_STATEMENT_SECS"}) {
        assertTrue(e.getMessage().contains(part), e.getMessage());
      }
      assertTrue(assertThrows(IllegalArgumentException.class, () -> Config.fromEnv(Map.of("TIMEFUSION_TLS_REQUIRED", "true")))
          .getMessage().contains("TIMEFUSION_TLS_REQUIRED=true needs TIMEFUSION_TLS_CERT"));
      assertTrue(assertThrows(IllegalArgumentException.class, () -> Config.fromEnv(Map.of(
          "TIMEFUSION_TLS_CERT", "/nonexistent/cert.pem", "TIMEFUSION_TLS_KEY", cert.toString())))
          .getMessage().contains("/nonexistent/cert.pem is not a readable file"));
    } finally {
      Files.delete(cert);
    }
  }
}

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
    assertEquals(256L * 1024 * 1024, c.bufferMaxMemoryBytes());
    assertEquals(Path.of("./data").toAbsolutePath().normalize(), c.dataDir());
  }

  @Test
  void everyBadValueIsNamedInOneError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Config.fromEnv(Map.of("PGWIRE_PORT", "abc", "TIMEFUSION_ZSTD_COMPRESSION_LEVEL", "40", "TIMEFUSION_ENABLE_CONNECTION_LIMIT", "maybe")));
    assertTrue(e.getMessage().contains("PGWIRE_PORT"), e.getMessage());
    assertTrue(e.getMessage().contains("TIMEFUSION_ZSTD_COMPRESSION_LEVEL"), e.getMessage());
    assertTrue(e.getMessage().contains("TIMEFUSION_ENABLE_CONNECTION_LIMIT"), e.getMessage());
  }

  @Test
  void readmeDocumentsEverySetting() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    for (Config.Setting s : Config.SETTINGS) {
      assertTrue(readme.contains("| `" + s.name() + "` |"), "README configuration table lacks " + s.name());
    }
  }
}

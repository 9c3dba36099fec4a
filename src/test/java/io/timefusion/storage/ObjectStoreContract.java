package io.timefusion.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link ObjectStore} owes the layers above it; each store's test runs these same
 * assertions against a real backend.
 */
abstract class ObjectStoreContract {

  @TempDir Path scratch;

  /** A store over an empty root, whose {@code putFile} switches to multipart above 5 MiB where it has one. */
  abstract ObjectStore store();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] readAll(ObjectStore store, String key) throws IOException {
    try (InputStream in = store.open(key)) {
      return in.readAllBytes();
    }
  }

  @Test
  void putThenStatOpenAndReadRange() throws IOException {
    ObjectStore s = store();
    byte[] bytes = utf8("0123456789abcdef");
    s.put("t/data/a.bin", bytes);

    ObjectStore.ObjectInfo info = s.stat("t/data/a.bin").orElseThrow();
    assertEquals("t/data/a.bin", info.key());
    assertEquals(bytes.length, info.size());
    assertTrue(info.lastModifiedMillis() > 0);
    assertArrayEquals(bytes, readAll(s, "t/data/a.bin"));
    assertArrayEquals(utf8("456"), s.readRange("t/data/a.bin", 4, 3));
    assertArrayEquals(utf8("f"), s.readRange("t/data/a.bin", 15, 1));
    assertThrows(IOException.class, () -> s.readRange("t/data/a.bin", 10, 10));
  }

  @Test
  void missingObjectsAreAbsent() throws IOException {
    ObjectStore s = store();
    s.put("t/data/a.bin", utf8("x"));
    assertTrue(s.stat("t/data/nope.bin").isEmpty());
    assertTrue(s.stat("t/data").isEmpty(), "a directory is not an object");
    assertThrows(NoSuchFileException.class, () -> readAll(s, "t/data/nope.bin"));
  }

  @Test
  void putReplacesAnExistingObject() throws IOException {
    ObjectStore s = store();
    s.put("t/v.json", utf8("first, longer"));
    s.put("t/v.json", utf8("second"));
    assertArrayEquals(utf8("second"), readAll(s, "t/v.json"));
    assertEquals(6, s.stat("t/v.json").orElseThrow().size());
  }

  @Test
  void listFromIsSortedStartsAtTheKeyAndStaysInItsDirectory() throws IOException {
    ObjectStore s = store();
    for (String k :
        List.of(
            "t/_delta_log/00000000000000000002.json",
            "t/_delta_log/00000000000000000000.json",
            "t/_delta_log/00000000000000000001.json",
            "t/_delta_log/00000000000000000001.checkpoint.parquet",
            "t/_delta_log/_last_checkpoint",
            "t/_delta_log/sub/00000000000000000005.json",
            "t/_delta_log0/00000000000000000003.json",
            "t/00000000000000000004.json",
            "u/_delta_log/00000000000000000001.json")) {
      s.put(k, utf8(k));
    }

    List<String> fromOne =
        s.listFrom("t/_delta_log/00000000000000000001.json").stream().map(ObjectStore.ObjectInfo::key).toList();
    assertEquals(
        List.of("t/_delta_log/00000000000000000001.json", "t/_delta_log/00000000000000000002.json", "t/_delta_log/_last_checkpoint"),
        fromOne);

    // a prefix that is no object: everything at or after it in the same directory
    List<String> fromPrefix =
        s.listFrom("t/_delta_log/0000000000000000000").stream().map(ObjectStore.ObjectInfo::key).toList();
    assertEquals(
        List.of(
            "t/_delta_log/00000000000000000000.json",
            "t/_delta_log/00000000000000000001.checkpoint.parquet",
            "t/_delta_log/00000000000000000001.json",
            "t/_delta_log/00000000000000000002.json",
            "t/_delta_log/_last_checkpoint"),
        fromPrefix);

    ObjectStore.ObjectInfo first = s.listFrom("t/_delta_log/00000000000000000000.json").get(0);
    assertEquals(utf8("t/_delta_log/00000000000000000000.json").length, first.size());

    assertTrue(s.listFrom("t/nothing/00000000000000000000.json").isEmpty());
  }

  @Test
  void putIfAbsentCreatesOnceAndNeverOverwrites() throws IOException {
    ObjectStore s = store();
    String key = "t/_delta_log/00000000000000000007.json";
    assertTrue(s.putIfAbsent(key, utf8("winner")));
    assertFalse(s.putIfAbsent(key, utf8("loser, who must not overwrite")));
    assertArrayEquals(utf8("winner"), readAll(s, key));
    assertEquals(6, s.stat(key).orElseThrow().size());
  }

  @Test
  void deleteRemovesAndReportsWhetherThereWasAnObject() throws IOException {
    ObjectStore s = store();
    s.put("t/data/gone.bin", utf8("x"));
    assertTrue(s.delete("t/data/gone.bin"));
    assertTrue(s.stat("t/data/gone.bin").isEmpty());
    assertFalse(s.delete("t/data/gone.bin"));
    assertTrue(s.putIfAbsent("t/data/gone.bin", utf8("again")), "a deleted key is free again");
  }

  @Test
  void putFileStoresALargeFileAndTakesItOver() throws IOException {
    ObjectStore s = store();
    byte[] bytes = new byte[12 * 1000 * 1000 + 123]; // three 5 MiB parts, the last one short
    new Random(42).nextBytes(bytes);
    Path file = scratch.resolve("part-big.parquet");
    Files.write(file, bytes);

    s.putFile("t/data/part-big.parquet", file);

    assertFalse(Files.exists(file), "the store takes the file over");
    assertEquals(bytes.length, s.stat("t/data/part-big.parquet").orElseThrow().size());
    assertArrayEquals(bytes, readAll(s, "t/data/part-big.parquet"));
    int boundary = 5 << 20;
    assertArrayEquals(
        Arrays.copyOfRange(bytes, boundary - 10, boundary + 10), s.readRange("t/data/part-big.parquet", boundary - 10, 20));
  }

  @Test
  void putFileOfASmallFile() throws IOException {
    ObjectStore s = store();
    Path file = scratch.resolve("small.parquet");
    Files.write(file, utf8("PAR1"));
    s.putFile("t/data/small.parquet", file);
    assertArrayEquals(utf8("PAR1"), readAll(s, "t/data/small.parquet"));
  }

  @Test
  void keyOfInvertsUri() {
    ObjectStore s = store();
    for (String key : List.of("t/_delta_log/00000000000000000001.json", "t/date=2024-01-01%3A00/part-1.parquet", "t")) {
      assertEquals(key, s.keyOf(s.uri(key)), "round trip of " + key);
      assertEquals(key, s.keyOf(key));
    }
  }
}

package io.timefusion.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.timefusion.it.TestS3;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract against a real S3 server ({@link TestS3}: s3proxy, in-process on loopback,
 * over an in-memory backend, with signed SigV4 requests). s3proxy 4.x honours {@code If-None-Match: *} on PutObject
 * (412 when the key exists), so the conditional-create assertions run here exactly as on disk.
 */
class S3ObjectStoreTest extends ObjectStoreContract {
  private static TestS3 s3;

  private S3ObjectStore store;

  @BeforeAll
  static void startServer() throws Exception {
    s3 = TestS3.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (s3 != null) s3.close();
  }

  @AfterEach
  void closeStore() {
    if (store != null) store.close();
  }

  /** Each test gets its own prefix in the shared bucket, as each table lives below the store's prefix. */
  @Override
  ObjectStore store() {
    if (store == null) store = s3.store("root/" + UUID.randomUUID());
    return store;
  }

  @Test
  void urisNameTheBucketAndPrefix() {
    ObjectStore s = store();
    String prefix = ((S3ObjectStore) s).settings().prefix();
    assertEquals("s3://" + TestS3.BUCKET + "/" + prefix + "/t/_delta_log/0.json", s.uri("t/_delta_log/0.json"));
    assertEquals("s3://" + TestS3.BUCKET + "/" + prefix + "/t/date=1%253A2/p.parquet", s.uri("t/date=1%3A2/p.parquet"));
    assertEquals(s.uri("t/x"), s.enginePath("t/x"));
    assertThrows(IllegalArgumentException.class, () -> s.keyOf("s3://other-bucket/" + prefix + "/t/x"));
  }

  @Test
  void aWrongSecretIsAnIoErrorNotAnAbsentObject() {
    try (S3ObjectStore bad = s3.store("root/x", "wrong")) {
      assertThrows(java.io.IOException.class, () -> bad.stat("t/x"));
      assertThrows(java.io.IOException.class, () -> bad.put("t/x", new byte[] {1}));
    }
  }
}

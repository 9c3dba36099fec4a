package io.timefusion.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract against a real S3 server: s3proxy, in-process on loopback, over an in-memory
 * backend, with signed (SigV4) requests. s3proxy 4.x honours {@code If-None-Match: *} on PutObject
 * (412 when the key exists), so the conditional-create assertions run here exactly as on disk.
 */
class S3ObjectStoreTest extends ObjectStoreContract {
  private static final String IDENTITY = "timefusion-test";
  private static final String CREDENTIAL = "timefusion-test-secret";
  private static final String BUCKET = "tables";

  private static S3Proxy proxy;
  private static URI endpoint;

  private S3ObjectStore store;

  @BeforeAll
  static void startServer() throws Exception {
    BlobStore blobs = new TransientNio2BlobStore();
    blobs.createContainer(BUCKET);
    proxy =
        S3Proxy.builder()
            .blobStore(blobs)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V4, IDENTITY, CREDENTIAL)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      Thread.sleep(10);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (proxy != null) proxy.stop();
  }

  @AfterEach
  void closeStore() {
    if (store != null) store.close();
  }

  /** Each test gets its own prefix in the shared bucket, as each table lives below the store's prefix. */
  @Override
  ObjectStore store() {
    if (store == null) store = newStore(BUCKET, "root/" + UUID.randomUUID(), CREDENTIAL);
    return store;
  }

  private static S3ObjectStore newStore(String bucket, String prefix, String secret) {
    return new S3ObjectStore(
        new S3ObjectStore.Settings(
            bucket, prefix, "us-east-1", endpoint, IDENTITY, secret,
            Duration.ofSeconds(5), Duration.ofSeconds(30), 5L << 20));
  }

  @Test
  void urisNameTheBucketAndPrefix() {
    ObjectStore s = store();
    String prefix = ((S3ObjectStore) s).settings().prefix();
    assertEquals("s3://tables/" + prefix + "/t/_delta_log/0.json", s.uri("t/_delta_log/0.json"));
    assertEquals("s3://tables/" + prefix + "/t/date=1%253A2/p.parquet", s.uri("t/date=1%3A2/p.parquet"));
    assertEquals(s.uri("t/x"), s.enginePath("t/x"));
    assertThrows(IllegalArgumentException.class, () -> s.keyOf("s3://other-bucket/" + prefix + "/t/x"));
  }

  @Test
  void aWrongSecretIsAnIoErrorNotAnAbsentObject() {
    try (S3ObjectStore bad = newStore(BUCKET, "root/x", "wrong")) {
      assertThrows(java.io.IOException.class, () -> bad.stat("t/x"));
      assertThrows(java.io.IOException.class, () -> bad.put("t/x", new byte[] {1}));
    }
  }
}

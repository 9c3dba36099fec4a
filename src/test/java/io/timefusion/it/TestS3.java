package io.timefusion.it;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A real S3-compatible server for tests: s3proxy in this JVM on a loopback port, over an
 * in-memory backend, with SigV4 authentication. It counts the object reads it serves (per key)
 * and can fail a fraction of requests or stop and start again on the same port, to test what
 * TimeFusion does when its store misbehaves.
 */
public final class TestS3 implements AutoCloseable {
  public static final String BUCKET = "timefusion-test";
  public static final String ACCESS_KEY = "timefusion-test";
  public static final String SECRET_KEY = "timefusion-test-secret";

  private static TestS3 shared;

  private final Faulty blobs;
  private S3Proxy proxy;
  private int port;

  /** Counts reads and injects failures in front of the real backend. */
  static final class Faulty extends ForwardingBlobStore {
    final Map<String, LongAdder> gets = new ConcurrentHashMap<>();
    final LongAdder puts = new LongAdder();
    volatile double failFraction;
    final AtomicInteger injectedFailures = new AtomicInteger();

    Faulty(BlobStore delegate) {
      super(delegate);
    }

    private void maybeFail() {
      if (failFraction > 0 && ThreadLocalRandom.current().nextDouble() < failFraction) {
        injectedFailures.incrementAndGet();
        throw new IllegalStateException("injected failure");
      }
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
      maybeFail();
      gets.computeIfAbsent(request.key(), k -> new LongAdder()).increment();
      return super.getBlob(request);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, java.io.InputStream input) {
      maybeFail();
      puts.increment();
      return super.putBlob(request, input);
    }

    @Override
    public software.amazon.awssdk.services.s3.model.HeadObjectResponse blobMetadata(
        software.amazon.awssdk.services.s3.model.HeadObjectRequest request) {
      maybeFail();
      return super.blobMetadata(request);
    }

    @Override
    public software.amazon.awssdk.services.s3.model.ListObjectsV2Response list(
        software.amazon.awssdk.services.s3.model.ListObjectsV2Request request) {
      maybeFail();
      return super.list(request);
    }
  }

  private TestS3() throws Exception {
    BlobStore backend = new TransientNio2BlobStore();
    backend.createContainer(
        software.amazon.awssdk.services.s3.model.CreateBucketRequest.builder().bucket(BUCKET).build());
    blobs = new Faulty(backend);
    start(0);
  }

  /** A new server (its own bucket contents). */
  public static TestS3 start() throws Exception {
    return new TestS3();
  }

  /** One server for the whole test JVM (the wire suite's S3 mode); each server uses its own prefix. */
  public static synchronized TestS3 shared() throws Exception {
    if (shared == null) shared = new TestS3();
    return shared;
  }

  private void start(int onPort) throws Exception {
    proxy =
        S3Proxy.builder()
            .blobStore(blobs)
            .endpoint(URI.create("http://127.0.0.1:" + onPort))
            .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      Thread.sleep(10);
    }
    port = proxy.getPort();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The environment that points a TimeFusion server at this bucket, tables under {@code prefix}. */
  public Map<String, String> env(String prefix) {
    return Map.of(
        "AWS_S3_BUCKET", BUCKET,
        "AWS_S3_ENDPOINT", endpoint(),
        "AWS_ALLOW_HTTP", "true",
        "AWS_ACCESS_KEY_ID", ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
        "AWS_DEFAULT_REGION", "us-east-1",
        "TIMEFUSION_TABLE_PREFIX", prefix,
        "TIMEFUSION_S3_CONNECT_TIMEOUT", "2",
        "TIMEFUSION_S3_REQUEST_TIMEOUT", "10");
  }

  /** A client of this server's bucket with keys below {@code prefix}, as a server with that prefix sees them. */
  public io.timefusion.storage.S3ObjectStore store(String prefix) {
    return store(prefix, SECRET_KEY);
  }

  /** A client signing with {@code secretKey} (a wrong one tests authentication failures). */
  public io.timefusion.storage.S3ObjectStore store(String prefix, String secretKey) {
    return new io.timefusion.storage.S3ObjectStore(
        new io.timefusion.storage.S3ObjectStore.Settings(
            BUCKET, prefix, "us-east-1", URI.create(endpoint()), ACCESS_KEY, secretKey,
            Duration.ofSeconds(2), Duration.ofSeconds(10), 5L << 20));
  }

  /** Object reads served so far for keys that contain {@code fragment}. */
  public long gets(String fragment) {
    return blobs.gets.entrySet().stream()
        .filter(e -> e.getKey().contains(fragment))
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }

  public long puts() {
    return blobs.puts.sum();
  }

  /** Fails this fraction of object requests (0 to stop) with an internal error. */
  public void failFraction(double f) {
    blobs.failFraction = f;
  }

  public int injectedFailures() {
    return blobs.injectedFailures.get();
  }

  /** Stops serving (connections are refused) until {@link #resume}. */
  public void stop() throws Exception {
    proxy.stop();
  }

  /** Serves again on the same port, with the same contents. */
  public void resume() throws Exception {
    start(port);
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}

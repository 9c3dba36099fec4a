package io.timefusion.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** An {@link ObjectStore} over an S3 (or S3-compatible) bucket, with tables below a key prefix. */
public final class S3ObjectStore implements ObjectStore {

  /** Parts of 64 MiB: few requests per large Parquet file, a bounded amount retried on a failed part. */
  public static final long DEFAULT_MULTIPART_PART_SIZE = 64L << 20;

  /**
   * Where the bucket is and how to reach it.
   *
   * @param prefix key prefix under which the tables live, without leading or trailing '/'; may be empty
   * @param endpoint override for S3-compatible servers (MinIO, R2, s3proxy); path-style addressing is used then
   * @param accessKey with {@code secretKey}; when null the SDK's default credential chain is used
   * @param requestTimeout longest wait for bytes from the server within one request attempt
   * @param multipartPartSize files larger than this are uploaded in parts of this size (at least 5 MiB)
   */
  public record Settings(
      String bucket,
      String prefix,
      String region,
      URI endpoint,
      String accessKey,
      String secretKey,
      Duration connectTimeout,
      Duration requestTimeout,
      long multipartPartSize) {
    public Settings {
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      prefix = prefix == null ? "" : trimSlashes(prefix);
      if (multipartPartSize < 5L << 20) throw new IllegalArgumentException("S3 parts are at least 5 MiB");
    }
  }

  private final Settings settings;
  private final S3Client s3;

  public S3ObjectStore(Settings settings) {
    this.settings = settings;
    AwsCredentialsProvider credentials =
        settings.accessKey() == null
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
    S3ClientBuilder b =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials)
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .connectionTimeout(settings.connectTimeout())
                    // an idle-read timeout, not a whole-call deadline: a 64 MiB part may take long on a slow link
                    .socketTimeout(settings.requestTimeout()))
            // standard mode: exponential backoff with jitter on throttling, 5xx and I/O errors
            .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
            // S3-compatible servers differ in their support of the SDK's default trailing checksums
            // (aws-chunked bodies); send them only where an operation requires one
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (settings.endpoint() != null) b.endpointOverride(settings.endpoint()).forcePathStyle(true);
    this.s3 = b.build();
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public String uri(String key) {
    String path = "/" + objectKey(keyOf(key));
    if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
    try {
      // percent-encoded like LocalObjectStore's URIs, so Hive escapes such as %3A in keys survive
      return new URI("s3", settings.bucket(), path, null, null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("key is not representable in a URI: " + key, e);
    }
  }

  @Override
  public String enginePath(String key) {
    // DuckDB reads the object directly for now; the query path will read through a local cache later.
    return uri(key);
  }

  @Override
  public String keyOf(String uriOrKey) {
    String s = uriOrKey;
    if (s.startsWith("s3://") || s.startsWith("s3a://")) {
      String rest = s.substring(s.indexOf("://") + 3);
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      if (!bucket.equals(settings.bucket())) {
        throw new IllegalArgumentException("not a URI of bucket " + settings.bucket() + ": " + uriOrKey);
      }
      try {
        s = new URI(s).getPath();
      } catch (URISyntaxException notEncoded) {
        s = slash < 0 ? "" : rest.substring(slash);
      }
      s = trimSlashes(s == null ? "" : s);
      String p = settings.prefix();
      if (!p.isEmpty()) {
        if (s.equals(p)) return "";
        if (!s.startsWith(p + "/")) throw new IllegalArgumentException("outside the store's prefix: " + uriOrKey);
        s = s.substring(p.length() + 1);
      }
      return s;
    }
    while (s.startsWith("/")) s = s.substring(1);
    return s;
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws IOException {
    String k = keyOf(key);
    try {
      HeadObjectResponse r = call(() -> s3.headObject(h -> h.bucket(settings.bucket()).key(objectKey(k))));
      return Optional.of(new ObjectInfo(k, r.contentLength(), r.lastModified().toEpochMilli()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) return Optional.empty();
      throw io("stat", k, e);
    }
  }

  @Override
  public List<ObjectInfo> listFrom(String fromKey) throws IOException {
    String k = keyOf(fromKey);
    int slash = k.lastIndexOf('/');
    String parent = slash < 0 ? "" : k.substring(0, slash + 1);
    String fromName = k.substring(slash + 1);
    String listPrefix = objectKey(parent);
    if (!listPrefix.isEmpty() && !listPrefix.endsWith("/")) listPrefix += "/";
    ListObjectsV2Request.Builder req =
        ListObjectsV2Request.builder().bucket(settings.bucket()).prefix(listPrefix).delimiter("/");
    // StartAfter is exclusive; start after a strict prefix of fromKey, so fromKey itself is listed
    if (fromName.length() > 1) req.startAfter(listPrefix + fromName.substring(0, fromName.length() - 1));
    List<ObjectInfo> out = new ArrayList<>();
    try {
      List<S3Object> objects =
          call(
              () -> {
                List<S3Object> all = new ArrayList<>();
                s3.listObjectsV2Paginator(req.build()).contents().forEach(all::add);
                return all;
              });
      for (S3Object o : objects) {
        String name = o.key().substring(listPrefix.length());
        if (name.isEmpty() || name.compareTo(fromName) < 0) continue;
        out.add(new ObjectInfo(parent + name, o.size(), o.lastModified().toEpochMilli()));
      }
    } catch (S3Exception e) {
      throw io("list", k, e);
    }
    // S3 orders by UTF-8 bytes; sort as LocalObjectStore does, so both stores agree
    out.sort(Comparator.comparing(ObjectInfo::key));
    return out;
  }

  @Override
  public InputStream open(String key) throws IOException {
    String k = keyOf(key);
    try {
      return call(() -> s3.getObject(g -> g.bucket(settings.bucket()).key(objectKey(k))));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) throw new NoSuchFileException(k);
      throw io("get", k, e);
    }
  }

  @Override
  public byte[] readRange(String key, long position, int length) throws IOException {
    if (length == 0) return new byte[0];
    String k = keyOf(key);
    String range = "bytes=" + position + "-" + (position + length - 1);
    try {
      ResponseBytes<GetObjectResponse> r =
          call(() -> s3.getObjectAsBytes(g -> g.bucket(settings.bucket()).key(objectKey(k)).range(range)));
      byte[] bytes = r.asByteArrayUnsafe();
      if (bytes.length != length) throw new IOException("short read of " + k);
      return bytes;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) throw new NoSuchFileException(k);
      if (e.statusCode() == 416) throw new IOException("short read of " + k, e);
      throw io("get", k, e);
    }
  }

  /** Uploads the file, then deletes it: the caller hands the file over, as with the local store's move. */
  @Override
  public void putFile(String key, Path source) throws IOException {
    String k = keyOf(key);
    long size = Files.size(source);
    try {
      if (size <= settings.multipartPartSize()) {
        call(() -> s3.putObject(p -> p.bucket(settings.bucket()).key(objectKey(k)), RequestBody.fromFile(source)));
      } else {
        putMultipart(objectKey(k), source, size);
      }
    } catch (S3Exception e) {
      throw io("put", k, e);
    }
    Files.delete(source);
  }

  private void putMultipart(String objectKey, Path source, long size) throws IOException {
    String uploadId =
        call(() -> s3.createMultipartUpload(c -> c.bucket(settings.bucket()).key(objectKey))).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      long partSize = settings.multipartPartSize();
      for (int n = 1; (long) (n - 1) * partSize < size; n++) {
        int partNumber = n;
        long offset = (partNumber - 1) * partSize;
        long length = Math.min(partSize, size - offset);
        // a fresh stream per attempt, so the SDK can retry a part without holding it in memory
        RequestBody body =
            RequestBody.fromContentProvider(() -> slice(source, offset, length), length, "application/octet-stream");
        String etag =
            call(
                    () ->
                        s3.uploadPart(
                            u -> u.bucket(settings.bucket()).key(objectKey).uploadId(uploadId).partNumber(partNumber),
                            body))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
      }
      call(
          () ->
              s3.completeMultipartUpload(
                  c ->
                      c.bucket(settings.bucket())
                          .key(objectKey)
                          .uploadId(uploadId)
                          .multipartUpload(m -> m.parts(parts))));
    } catch (IOException | RuntimeException e) {
      try {
        s3.abortMultipartUpload(a -> a.bucket(settings.bucket()).key(objectKey).uploadId(uploadId));
      } catch (SdkException abortFailed) {
        e.addSuppressed(abortFailed); // a lifecycle rule on the bucket cleans up what is left
      }
      throw e;
    }
  }

  private static InputStream slice(Path file, long offset, long length) {
    try {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ).position(offset);
      InputStream in = Channels.newInputStream(ch);
      return new FilterInputStream(in) {
        private long left = length;

        @Override
        public int read() throws IOException {
          if (left <= 0) return -1;
          int b = super.read();
          if (b >= 0) left--;
          return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
          if (left <= 0) return -1;
          int r = super.read(buf, off, (int) Math.min(len, left));
          if (r > 0) left -= r;
          return r;
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void put(String key, byte[] bytes) throws IOException {
    String k = keyOf(key);
    try {
      call(() -> s3.putObject(p -> p.bucket(settings.bucket()).key(objectKey(k)), RequestBody.fromBytes(bytes)));
    } catch (S3Exception e) {
      throw io("put", k, e);
    }
  }

  /**
   * A conditional PutObject ({@code If-None-Match: *}): S3 creates the object only if the key is free.
   * 412 PreconditionFailed means another writer holds the key; 409 ConditionalRequestConflict means a
   * concurrent conditional write to the key is in flight, and it is treated as losing the race too.
   * Caveat: if a first attempt succeeds but its response is lost, the SDK's retry sees 412 and this
   * returns false for a write that landed; Delta's commit protocol has to tolerate that.
   */
  @Override
  public boolean putIfAbsent(String key, byte[] bytes) throws IOException {
    String k = keyOf(key);
    try {
      call(
          () ->
              s3.putObject(
                  p -> p.bucket(settings.bucket()).key(objectKey(k)).ifNoneMatch("*"), RequestBody.fromBytes(bytes)));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || e.statusCode() == 409) return false;
      throw io("conditional put", k, e);
    }
  }

  /** S3's DeleteObject does not say whether the object existed, so ask first; the answer is advisory. */
  @Override
  public boolean delete(String key) throws IOException {
    String k = keyOf(key);
    if (stat(k).isEmpty()) return false;
    try {
      call(() -> s3.deleteObject(d -> d.bucket(settings.bucket()).key(objectKey(k))));
      return true;
    } catch (S3Exception e) {
      throw io("delete", k, e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }

  private String objectKey(String key) {
    String k = trimSlashes(key);
    if (settings.prefix().isEmpty()) return k;
    return k.isEmpty() ? settings.prefix() : settings.prefix() + "/" + k;
  }

  private static String trimSlashes(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == '/') from++;
    while (to > from && s.charAt(to - 1) == '/') to--;
    return s.substring(from, to);
  }

  private IOException io(String op, String key, S3Exception e) {
    return new IOException(
        op + " of s3://" + settings.bucket() + "/" + objectKey(key) + " failed: HTTP " + e.statusCode() + " "
            + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode()),
        e);
  }

  /** Runs an SDK call, turning a failure that is not an S3 error response (network, timeout) into IOException. */
  private static <T> T call(SdkCall<T> c) throws IOException {
    try {
      return c.run();
    } catch (S3Exception e) {
      throw e;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (SdkException e) {
      if (e.getCause() instanceof IOException io) throw io;
      throw new IOException(e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface SdkCall<T> {
    T run();
  }
}

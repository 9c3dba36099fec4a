package io.timefusion.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the server, read once from the environment. Nothing else in the code base
 * reads environment variables; components receive this record (or the parts they need).
 */
public record Config(
    String bindAddress,
    int pgPort,
    String pgUser,
    String pgPassword,
    String authMethod,
    Path tlsCert,
    Path tlsKey,
    boolean tlsRequired,
    int maxStatementSecs,
    boolean connectionLimitEnabled,
    int maxConnections,
    Path dataDir,
    int flushIntervalSecs,
    long bufferMaxMemoryBytes,
    int writeStallTimeoutSecs,
    int zstdLevel,
    String parquetVersion,
    int pageRowCountLimit,
    long maxRowGroupBytes,
    long optimizeTargetBytes,
    int batchQueueCapacity,
    long walSegmentBytes,
    long duckdbMemoryLimitMb,
    int duckdbThreads,
    String s3Bucket,
    String s3Endpoint,
    String s3AccessKey,
    String s3SecretKey,
    String s3Region,
    boolean s3AllowHttp,
    int s3ConnectTimeoutSecs,
    int s3RequestTimeoutSecs,
    String tablePrefix,
    long cacheMemoryBytes,
    long cacheDiskBytes,
    long cacheTtlSeconds,
    Path cacheDir,
    boolean requireProjectFilter,
    long lookupCacheBytes) {

  /** One documented variable: its name, default and meaning (the README table is generated from these). */
  public record Setting(String name, String defaultValue, String description) {}

  public static final List<Setting> SETTINGS =
      List.of(
          new Setting("PGWIRE_PORT", "5432", "PostgreSQL protocol port"),
          new Setting("PGWIRE_USER", "postgres", "user name clients log in with"),
          new Setting("PGWIRE_PASSWORD", "postgres", "password clients log in with (see TIMEFUSION_AUTH_METHOD)"),
          new Setting("TIMEFUSION_AUTH_METHOD", "scram-sha-256", "how clients prove the password: scram-sha-256, md5 or password (cleartext)"),
          new Setting("TIMEFUSION_TLS_CERT", "", "PEM file with the server's certificate chain; with TIMEFUSION_TLS_KEY it turns TLS on"),
          new Setting("TIMEFUSION_TLS_KEY", "", "PEM file with the certificate's unencrypted private key (PKCS#8 `BEGIN PRIVATE KEY`, or `BEGIN RSA PRIVATE KEY`)"),
          new Setting("TIMEFUSION_TLS_REQUIRED", "false", "refuse connections that do not use TLS (SQLSTATE 28000); needs TIMEFUSION_TLS_CERT and TIMEFUSION_TLS_KEY"),
          new Setting("TIMEFUSION_PGWIRE_MAX_STATEMENT_SECS", "0", "longest a statement may run before it is canceled with SQLSTATE 57014 (0 = no limit); a session's statement_timeout applies when smaller"),
          new Setting("TIMEFUSION_BIND_ADDRESS", "127.0.0.1", "address to listen on (0.0.0.0 for all interfaces)"),
          new Setting("TIMEFUSION_ENABLE_CONNECTION_LIMIT", "false", "refuse connections past TIMEFUSION_MAX_CONNECTIONS"),
          new Setting("TIMEFUSION_MAX_CONNECTIONS", "100", "max concurrent connections when limiting is on"),
          new Setting("TIMEFUSION_DATA_DIR", "./data", "local storage root (tables, write-ahead log, cache)"),
          new Setting("TIMEFUSION_FLUSH_INTERVAL_SECS", "60", "seconds between flushes of buffered rows to Delta"),
          new Setting("TIMEFUSION_BUFFER_MAX_MEMORY_MB", "128", "buffered data that triggers an early flush; writers wait at twice this, and one COPY may hold twice this"),
          new Setting("TIMEFUSION_WRITE_STALL_TIMEOUT_SECS", "30", "how long writers wait when the buffer holds twice its bound before they get SQLSTATE 53000"),
          new Setting("TIMEFUSION_ZSTD_COMPRESSION_LEVEL", "3", "zstd level of Parquet files (1-22)"),
          new Setting("TIMEFUSION_PARQUET_VERSION", "v2", "Parquet format version of data files: v2 (delta encodings, faster to scan; tables with float columns stay v1) or v1 (for readers without them, such as Spark's vectorized reader before 3.4)"),
          new Setting("TIMEFUSION_PAGE_ROW_COUNT_LIMIT", "20000", "rows per Parquet page (accepted; DuckDB's writer sizes pages itself)"),
          new Setting("TIMEFUSION_MAX_ROW_GROUP_SIZE", "134217728", "max Parquet row group size in bytes (applied by compaction, not built yet)"),
          new Setting("TIMEFUSION_OPTIMIZE_TARGET_SIZE", "536870912", "target file size of compaction in bytes (compaction not built yet)"),
          new Setting("TIMEFUSION_BATCH_QUEUE_CAPACITY", "1000", "accepted for compatibility; the log bounds its queue in bytes"),
          new Setting("TIMEFUSION_WAL_SEGMENT_MB", "64", "size of one write-ahead log segment"),
          new Setting("TIMEFUSION_DUCKDB_MEMORY_LIMIT_MB", "1024", "memory limit of the query engine"),
          new Setting("TIMEFUSION_DUCKDB_THREADS", "0", "query engine threads (0 = one per core)"),
          new Setting("AWS_S3_BUCKET", "", "S3 bucket for table storage (unset = local storage)"),
          new Setting("AWS_S3_ENDPOINT", "", "S3-compatible endpoint (MinIO, R2); path-style addressing is used when set"),
          new Setting("AWS_ACCESS_KEY_ID", "", "S3 access key (unset = the AWS SDK's default credential chain)"),
          new Setting("AWS_SECRET_ACCESS_KEY", "", "S3 secret key"),
          new Setting("AWS_DEFAULT_REGION", "us-east-1", "S3 region"),
          new Setting("AWS_ALLOW_HTTP", "false", "allow a plain http:// AWS_S3_ENDPOINT"),
          new Setting("TIMEFUSION_S3_CONNECT_TIMEOUT", "10", "seconds to wait for a connection to S3"),
          new Setting("TIMEFUSION_S3_REQUEST_TIMEOUT", "60", "seconds an S3 request may wait for data before it is retried"),
          new Setting("TIMEFUSION_TABLE_PREFIX", "timefusion", "key prefix of tables in the bucket (tables under s3://<bucket>/<prefix>/<table>/)"),
          new Setting("TIMEFUSION_FOYER_MEMORY_MB", "512", "memory cache tier (Delta log files and other small objects read from S3)"),
          new Setting("TIMEFUSION_FOYER_DISK_GB", "100", "disk cache tier of whole Parquet files read from S3 (decimals allowed, e.g. 0.5)"),
          new Setting("TIMEFUSION_FOYER_TTL_SECONDS", "604800", "cache entry time to live"),
          new Setting("TIMEFUSION_REQUIRE_PROJECT_FILTER", "true", "refuse (SQLSTATE 42501) queries that read an otel table without a project_id predicate on every reference"),
          new Setting("TIMEFUSION_FOYER_CACHE_DIR", "", "disk cache directory (default: <TIMEFUSION_DATA_DIR>/cache)"),
          new Setting("TIMEFUSION_LOOKUP_CACHE_MB", "256", "memory for lookup sidecars (per data file, Bloom filters of the ids queries look up)"));

  public static Config fromEnv() {
    return fromEnv(System.getenv());
  }

  public static Config fromEnv(Map<String, String> env) {
    Reader r = new Reader(env);
    Path dataDir = Path.of(r.str("TIMEFUSION_DATA_DIR")).toAbsolutePath().normalize();
    Config c =
        new Config(
            r.str("TIMEFUSION_BIND_ADDRESS"),
            r.integer("PGWIRE_PORT", 0, 65535),
            r.str("PGWIRE_USER"),
            r.str("PGWIRE_PASSWORD"),
            r.oneOf("TIMEFUSION_AUTH_METHOD", "scram-sha-256", "md5", "password"),
            r.file("TIMEFUSION_TLS_CERT"),
            r.file("TIMEFUSION_TLS_KEY"),
            r.bool("TIMEFUSION_TLS_REQUIRED"),
            r.integer("TIMEFUSION_PGWIRE_MAX_STATEMENT_SECS", 0, 2_000_000),
            r.bool("TIMEFUSION_ENABLE_CONNECTION_LIMIT"),
            r.integer("TIMEFUSION_MAX_CONNECTIONS", 1, 1_000_000),
            dataDir,
            r.integer("TIMEFUSION_FLUSH_INTERVAL_SECS", 1, 86_400),
            r.integer("TIMEFUSION_BUFFER_MAX_MEMORY_MB", 1, 1_000_000) * 1024L * 1024L,
            r.integer("TIMEFUSION_WRITE_STALL_TIMEOUT_SECS", 0, 86_400),
            r.integer("TIMEFUSION_ZSTD_COMPRESSION_LEVEL", 1, 22),
            r.oneOf("TIMEFUSION_PARQUET_VERSION", "v2", "v1"),
            r.integer("TIMEFUSION_PAGE_ROW_COUNT_LIMIT", 1, Integer.MAX_VALUE),
            r.longValue("TIMEFUSION_MAX_ROW_GROUP_SIZE", 1024),
            r.longValue("TIMEFUSION_OPTIMIZE_TARGET_SIZE", 1024),
            r.integer("TIMEFUSION_BATCH_QUEUE_CAPACITY", 1, 1_000_000),
            r.integer("TIMEFUSION_WAL_SEGMENT_MB", 1, 4096) * 1024L * 1024L,
            r.integer("TIMEFUSION_DUCKDB_MEMORY_LIMIT_MB", 256, 10_000_000),
            r.integer("TIMEFUSION_DUCKDB_THREADS", 0, 1024),
            r.str("AWS_S3_BUCKET"),
            r.str("AWS_S3_ENDPOINT"),
            r.str("AWS_ACCESS_KEY_ID"),
            r.str("AWS_SECRET_ACCESS_KEY"),
            r.str("AWS_DEFAULT_REGION"),
            r.bool("AWS_ALLOW_HTTP"),
            r.integer("TIMEFUSION_S3_CONNECT_TIMEOUT", 1, 3600),
            r.integer("TIMEFUSION_S3_REQUEST_TIMEOUT", 1, 3600),
            r.str("TIMEFUSION_TABLE_PREFIX"),
            r.integer("TIMEFUSION_FOYER_MEMORY_MB", 0, 10_000_000) * 1024L * 1024L,
            r.gigabytes("TIMEFUSION_FOYER_DISK_GB"),
            r.longValue("TIMEFUSION_FOYER_TTL_SECONDS", 1),
            r.str("TIMEFUSION_FOYER_CACHE_DIR").isEmpty()
                ? dataDir.resolve("cache")
                : Path.of(r.str("TIMEFUSION_FOYER_CACHE_DIR")).toAbsolutePath().normalize(),
            r.bool("TIMEFUSION_REQUIRE_PROJECT_FILTER"),
            r.integer("TIMEFUSION_LOOKUP_CACHE_MB", 0, 10_000_000) * 1024L * 1024L);
    if (!c.s3Endpoint().isEmpty() && c.s3Endpoint().startsWith("http://") && !c.s3AllowHttp()) {
      r.problems.add("AWS_S3_ENDPOINT " + c.s3Endpoint() + " is plain http; set AWS_ALLOW_HTTP=true to allow it");
    }
    if (!c.s3Endpoint().isEmpty() && !c.s3Endpoint().matches("https?://.+")) {
      r.problems.add("AWS_S3_ENDPOINT must be an http:// or https:// URL, got '" + c.s3Endpoint() + "'");
    }
    if ((c.tlsCert() == null) != (c.tlsKey() == null)) {
      r.problems.add("TIMEFUSION_TLS_CERT and TIMEFUSION_TLS_KEY must be set together");
    }
    if (c.tlsRequired() && c.tlsCert() == null) {
      r.problems.add("TIMEFUSION_TLS_REQUIRED=true needs TIMEFUSION_TLS_CERT and TIMEFUSION_TLS_KEY");
    }
    r.failIfInvalid();
    return c;
  }

  /** Reads values with their defaults and collects every problem, so one start-up names them all. */
  private static final class Reader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    String str(String name) {
      String v = env.get(name);
      if (v == null || v.isBlank()) v = defaultOf(name);
      return v.trim();
    }

    int integer(String name, int min, int max) {
      long v = longValue(name, min);
      if (v > max) {
        problems.add(name + " must be at most " + max + ", got " + v);
        return max;
      }
      return (int) v;
    }

    long longValue(String name, long min) {
      String s = str(name);
      try {
        long v = Long.parseLong(s);
        if (v < min) problems.add(name + " must be at least " + min + ", got " + v);
        return v;
      } catch (NumberFormatException e) {
        problems.add(name + " must be an integer, got '" + s + "'");
        return Long.parseLong(defaultOf(name));
      }
    }

    /** A size in (possibly fractional) gigabytes, as bytes. */
    long gigabytes(String name) {
      String s = str(name);
      try {
        double gb = Double.parseDouble(s);
        if (gb >= 0 && gb < 1e7) return (long) (gb * (1L << 30));
        problems.add(name + " must be between 0 and 10000000, got " + s);
      } catch (NumberFormatException e) {
        problems.add(name + " must be a number of gigabytes, got '" + s + "'");
      }
      return (long) (Double.parseDouble(defaultOf(name)) * (1L << 30));
    }

    String oneOf(String name, String... allowed) {
      String s = str(name).toLowerCase();
      if (List.of(allowed).contains(s)) return s;
      problems.add(name + " must be one of " + String.join(", ", allowed) + ", got '" + s + "'");
      return allowed[0];
    }

    /** A readable file, or null when unset. */
    Path file(String name) {
      String s = str(name);
      if (s.isEmpty()) return null;
      Path p = Path.of(s).toAbsolutePath().normalize();
      if (!java.nio.file.Files.isReadable(p)) problems.add(name + " " + p + " is not a readable file");
      return p;
    }

    boolean bool(String name) {
      String s = str(name).toLowerCase();
      return switch (s) {
        case "true", "1", "yes", "on" -> true;
        case "false", "0", "no", "off" -> false;
        default -> {
          problems.add(name + " must be true or false, got '" + s + "'");
          yield false;
        }
      };
    }

    private static String defaultOf(String name) {
      return SETTINGS.stream()
          .filter(s -> s.name().equals(name))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("undocumented setting " + name))
          .defaultValue();
    }

    void failIfInvalid() {
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid configuration: " + String.join("; ", problems));
      }
    }
  }

  public Path tablesDir() {
    return dataDir;
  }

  /** Whether clients may connect with TLS. */
  public boolean tlsEnabled() {
    return tlsCert != null;
  }

  /** Whether tables live in an S3 bucket rather than the local data directory. */
  public boolean usesS3() {
    return !s3Bucket.isEmpty();
  }

  /** Never prints the passwords and keys. */
  @Override
  public String toString() {
    return "Config[port=" + pgPort + ", dataDir=" + dataDir + ", bucket=" + s3Bucket + ", prefix=" + tablePrefix + "]";
  }

  public Path walDir() {
    return dataDir.resolve("_wal");
  }
}

package io.timefusion.delta;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The lookup sidecar of one data file: a Bloom filter of the distinct non-null values of each of
 * the table's lookup columns in that file, so that a query for {@code column = 'v'} can skip the
 * files that surely lack {@code v} without reading them. A flush writes it before the Delta commit
 * that adds its data file, at {@link #keyOf}: {@code <table>/_lookup/<data file path below the
 * table, ".parquet" replaced by ".lookup">}. Delta and Spark readers ignore it (it is not in the
 * log, and names starting with {@code _} are hidden to them).
 *
 * <pre>
 * offset  size  field (big-endian)
 *  0       8    magic "TFLOOKUP"
 *  8       1    format version (1)
 *  9       2    number of columns c
 *  then c times:
 *          2    length of the column name, then its UTF-8 bytes
 *          8    distinct non-null values added
 *          1    hash count k
 *          4    words w, then w 64-bit words of the filter ({@link BloomFilter})
 *  end-4   4    CRC32C of every byte before it
 * </pre>
 */
public final class LookupSidecar {
  /** The directory below the table root that holds every sidecar. */
  public static final String DIR = "_lookup";

  /** The false-positive rate the filters are sized for. */
  public static final double FALSE_POSITIVE_RATE = 0.01;

  private static final byte[] MAGIC = "TFLOOKUP".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  private final Map<String, BloomFilter> columns;

  public LookupSidecar(Map<String, BloomFilter> columns) {
    this.columns = Map.copyOf(columns);
  }

  /**
   * The sidecar key of the data file at {@code relativeKey} below the table at {@code tableKey},
   * e.g. {@code t/project_id=p/date=d/part-1.zstd.parquet -> t/_lookup/project_id=p/date=d/part-1.zstd.lookup}.
   */
  public static String keyOf(String tableKey, String relativeKey) {
    String base = relativeKey.endsWith(".parquet") ? relativeKey.substring(0, relativeKey.length() - 8) : relativeKey;
    return (tableKey.isEmpty() ? "" : tableKey + "/") + DIR + "/" + base + ".lookup";
  }

  /**
   * The sidecar of the rows {@code select} gives (a query over one data file's rows): a filter of
   * the distinct non-null values of each of {@code columns}. The values are hashed here, not by
   * DuckDB's {@code hash()}: the filters are persisted, and DuckDB's hash may change between versions.
   */
  public static LookupSidecar build(Connection conn, List<String> columns, String select) throws SQLException {
    Map<String, BloomFilter> filters = new LinkedHashMap<>();
    for (String column : columns) {
      String c = "\"" + column.replace("\"", "\"\"") + "\"";
      List<String> values = new ArrayList<>();
      try (Statement s = conn.createStatement();
          ResultSet rs = s.executeQuery("SELECT DISTINCT " + c + " FROM (" + select + ") WHERE " + c + " IS NOT NULL")) {
        while (rs.next()) values.add(rs.getString(1));
      }
      BloomFilter f = BloomFilter.forValues(values.size(), FALSE_POSITIVE_RATE);
      for (String v : values) f.add(v);
      filters.put(column, f);
    }
    return new LookupSidecar(filters);
  }

  /**
   * False when the file surely holds no row whose {@code column} equals one of {@code values};
   * true when it may, including when this sidecar has no filter of that column.
   */
  public boolean mayContainAny(String column, Collection<String> values) {
    BloomFilter f = columns.get(column);
    if (f == null) return true;
    for (String v : values) if (f.mightContain(v)) return true;
    return false;
  }

  public Map<String, BloomFilter> columns() {
    return columns;
  }

  /** Bytes held in memory (the filters' bit arrays). */
  public long sizeBytes() {
    long n = 64;
    for (Map.Entry<String, BloomFilter> e : columns.entrySet()) n += 48 + e.getKey().length() + e.getValue().sizeBytes();
    return n;
  }

  public byte[] encode() {
    int size = MAGIC.length + 1 + 2 + 4;
    for (Map.Entry<String, BloomFilter> e : columns.entrySet()) {
      size += 2 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 8 + 1 + 4 + 8 * e.getValue().words().length;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(MAGIC).put((byte) VERSION).putShort((short) columns.size());
    for (Map.Entry<String, BloomFilter> e : new java.util.TreeMap<>(columns).entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      BloomFilter f = e.getValue();
      b.putShort((short) name.length).put(name).putLong(f.distinct()).put((byte) f.hashes()).putInt(f.words().length);
      for (long w : f.words()) b.putLong(w);
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** Reads an encoded sidecar; a damaged or unknown one is an IOException. */
  public static LookupSidecar decode(byte[] bytes) throws IOException {
    try {
      if (bytes.length < MAGIC.length + 7) throw new IOException("lookup sidecar too short: " + bytes.length + " bytes");
      CRC32C crc = new CRC32C();
      crc.update(bytes, 0, bytes.length - 4);
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (b.getInt(bytes.length - 4) != (int) crc.getValue()) throw new IOException("lookup sidecar checksum mismatch");
      byte[] magic = new byte[MAGIC.length];
      b.get(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) throw new IOException("not a lookup sidecar");
      int version = b.get();
      if (version != VERSION) throw new IOException("unknown lookup sidecar version " + version);
      int n = Short.toUnsignedInt(b.getShort());
      Map<String, BloomFilter> columns = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        byte[] name = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(name);
        long distinct = b.getLong();
        int hashes = b.get();
        int words = b.getInt();
        if (words < 0 || (long) words * 8 > b.remaining() - 4) throw new IOException("lookup sidecar truncated");
        long[] w = new long[words];
        b.asLongBuffer().get(w);
        b.position(b.position() + 8 * words);
        columns.put(new String(name, StandardCharsets.UTF_8), new BloomFilter(w, hashes, distinct));
      }
      if (b.remaining() != 4) throw new IOException("lookup sidecar has " + (b.remaining() - 4) + " trailing bytes");
      return new LookupSidecar(columns);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new IOException("damaged lookup sidecar: " + e, e);
    }
  }
}

package io.timefusion.pgwire;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.pgwire.types.PgTypes;
import io.timefusion.sql.PreparedQuery;
import io.timefusion.sql.QueryResult;
import io.timefusion.sql.ResultColumn;
import io.timefusion.sql.SessionStartup;
import io.timefusion.sql.SqlEngine;
import io.timefusion.sql.SqlSession;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.duckdb.DuckDBConnection;

/**
 * Test scaffolding for the wire protocol only: runs each statement as written on one in-memory
 * DuckDB database and answers transaction and SET/SHOW statements itself.
 */
final class DuckDbPassthroughEngine implements SqlEngine, AutoCloseable {
  private final DuckDBConnection root;

  DuckDbPassthroughEngine() throws SQLException {
    root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
  }

  @Override
  public SqlSession openSession(SessionStartup startup) {
    try {
      return new Session(root.duplicate());
    } catch (SQLException e) {
      throw new PgException(SqlState.INTERNAL_ERROR, e.getMessage(), e);
    }
  }

  @Override
  public void close() throws SQLException {
    root.close();
  }

  private enum Kind { ROWS, COUNT, OTHER, BEGIN, COMMIT, ROLLBACK, SET, SHOW }

  private record Query(String sql, Kind kind, int[] paramOids, List<ResultColumn> columns) implements PreparedQuery {}

  private static final class Session implements SqlSession {
    private final Connection conn;
    private final Map<String, String> settings = new ConcurrentHashMap<>();
    private volatile PreparedStatement running;
    private volatile boolean canceled;
    private boolean inTransaction;
    private boolean failed;

    Session(Connection conn) {
      this.conn = conn;
    }

    private static Kind kind(String sql) {
      String s = sql.strip().toUpperCase(Locale.ROOT);
      String first = s.split("[\\s(;]+", 2)[0];
      return switch (first) {
        case "SELECT", "WITH", "VALUES", "FROM", "TABLE", "DESCRIBE", "EXPLAIN", "PRAGMA", "SUMMARIZE" -> Kind.ROWS;
        case "INSERT", "UPDATE", "DELETE" -> Kind.COUNT;
        case "BEGIN", "START" -> Kind.BEGIN;
        case "COMMIT", "END" -> Kind.COMMIT;
        case "ROLLBACK", "ABORT" -> Kind.ROLLBACK;
        case "SET", "RESET" -> Kind.SET;
        case "SHOW" -> Kind.SHOW;
        default -> Kind.OTHER;
      };
    }

    @Override
    public PreparedQuery prepare(String sql, int[] paramOids) {
      Kind kind = kind(sql);
      switch (kind) {
        case BEGIN, COMMIT, ROLLBACK, SET -> {
          return new Query(sql, kind, new int[0], List.of());
        }
        case SHOW -> {
          String name = sql.strip().substring(4).strip().replace(";", "").toLowerCase(Locale.ROOT);
          return new Query(name, kind, new int[0], List.of(new ResultColumn(name, PgTypes.TEXT.oid())));
        }
        default -> {}
      }
      try (PreparedStatement ps = conn.prepareStatement(sql)) {
        int n = ps.getParameterMetaData().getParameterCount();
        int[] oids = new int[n];
        for (int i = 0; i < n; i++) {
          oids[i] = i < paramOids.length && paramOids[i] != 0 ? paramOids[i] : paramOid(ps, i + 1);
        }
        List<ResultColumn> columns = new ArrayList<>();
        if (kind == Kind.ROWS) {
          ResultSetMetaData md = ps.getMetaData();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(new ResultColumn(md.getColumnName(i), oidOf(md.getColumnTypeName(i))));
          }
        }
        return new Query(sql, kind, oids, columns);
      } catch (SQLException e) {
        throw translate(e);
      }
    }

    private static int paramOid(PreparedStatement ps, int i) {
      try {
        return oidOf(ps.getParameterMetaData().getParameterTypeName(i));
      } catch (SQLException | RuntimeException e) {
        return 0;
      }
    }

    static int oidOf(String duckType) {
      String t = duckType.toUpperCase(Locale.ROOT);
      if (t.endsWith("[]")) {
        int element = oidOf(t.substring(0, t.length() - 2));
        var type = PgTypes.byOid(element);
        return type == null ? PgTypes.TEXT.oid() : type.arrayOid();
      }
      if (t.startsWith("DECIMAL")) {
        return PgTypes.NUMERIC.oid();
      }
      return switch (t) {
        case "BOOLEAN" -> PgTypes.BOOL.oid();
        case "TINYINT", "SMALLINT", "UTINYINT" -> PgTypes.INT2.oid();
        case "INTEGER", "USMALLINT" -> PgTypes.INT4.oid();
        case "BIGINT", "UINTEGER" -> PgTypes.INT8.oid();
        case "HUGEINT", "UBIGINT", "UHUGEINT" -> PgTypes.NUMERIC.oid();
        case "FLOAT" -> PgTypes.FLOAT4.oid();
        case "DOUBLE" -> PgTypes.FLOAT8.oid();
        case "BLOB" -> PgTypes.BYTEA.oid();
        case "DATE" -> PgTypes.DATE.oid();
        case "TIMESTAMP", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP_S" -> PgTypes.TIMESTAMP.oid();
        case "TIMESTAMP WITH TIME ZONE" -> PgTypes.TIMESTAMPTZ.oid();
        case "UUID" -> PgTypes.UUID.oid();
        case "JSON" -> PgTypes.JSON.oid();
        case "INTERVAL" -> PgTypes.INTERVAL.oid();
        case "UNKNOWN", "NULL" -> 0;
        default -> PgTypes.TEXT.oid();
      };
    }

    private PgException translate(SQLException e) {
      String m = e.getMessage() == null ? "" : e.getMessage();
      if (canceled || m.contains("INTERRUPT")) {
        return new PgException(SqlState.QUERY_CANCELED, "canceling statement due to user request", e);
      }
      SqlState state;
      if (m.startsWith("Parser Error")) {
        state = SqlState.SYNTAX_ERROR;
      } else if (m.startsWith("Catalog Error") && m.contains("does not exist")) {
        state = SqlState.UNDEFINED_TABLE;
      } else if (m.startsWith("Binder Error")) {
        state = SqlState.UNDEFINED_COLUMN;
      } else if (m.startsWith("Conversion Error")) {
        state = SqlState.INVALID_TEXT_REPRESENTATION;
      } else if (m.contains("Division by zero") || m.contains("division by zero")) {
        state = SqlState.DIVISION_BY_ZERO;
      } else {
        state = SqlState.DATA_EXCEPTION;
      }
      return new PgException(state, m, e);
    }

    @Override
    public QueryResult execute(PreparedQuery prepared, List<Object> params) {
      Query q = (Query) prepared;
      canceled = false;
      try {
        return switch (q.kind()) {
          case BEGIN -> {
            conn.setAutoCommit(false);
            inTransaction = true;
            failed = false;
            yield Rows.tag("BEGIN");
          }
          case COMMIT -> {
            String tag = endTransaction(!failed);
            yield Rows.tag(tag);
          }
          case ROLLBACK -> Rows.tag(endTransaction(false));
          case SET -> {
            String[] kv = q.sql().strip().substring(3).split("\\s*(=|\\bTO\\b)\\s*", 2);
            if (kv.length == 2) {
              settings.put(kv[0].strip().toLowerCase(Locale.ROOT), kv[1].strip().replace("'", ""));
            }
            yield Rows.tag("SET");
          }
          case SHOW -> Rows.single(q.columns(), settings.getOrDefault(q.sql(), ""), "SHOW");
          default -> run(q, params);
        };
      } catch (SQLException e) {
        if (inTransaction) {
          failed = true;
        }
        throw translate(e);
      } catch (RuntimeException e) {
        if (inTransaction) {
          failed = true;
        }
        throw e;
      }
    }

    private String endTransaction(boolean commit) throws SQLException {
      if (inTransaction) {
        if (commit) {
          conn.commit();
        } else {
          conn.rollback();
        }
        conn.setAutoCommit(true);
      }
      inTransaction = false;
      failed = false;
      return commit ? "COMMIT" : "ROLLBACK";
    }

    private QueryResult run(Query q, List<Object> params) throws SQLException {
      PreparedStatement ps = conn.prepareStatement(q.sql());
      try {
        for (int i = 0; i < params.size(); i++) {
          ps.setObject(i + 1, toDuck(params.get(i)));
        }
        running = ps;
        if (q.kind() == Kind.ROWS) {
          ResultSet rs = ps.executeQuery();
          return new Rows(ps, rs, q.columns(), "SELECT");
        }
        long count;
        if (ps.execute()) {
          try (ResultSet rs = ps.getResultSet()) {
            count = rs.next() ? rs.getLong(1) : 0;
          }
        } else {
          count = Math.max(0, ps.getUpdateCount());
        }
        ps.close();
        String verb = q.sql().strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        return Rows.tag(switch (q.kind()) {
          case COUNT -> verb.equals("INSERT") ? "INSERT 0 " + count : verb + " " + count;
          default -> otherTag(q.sql());
        });
      } catch (SQLException | RuntimeException e) {
        ps.close();
        throw e;
      } finally {
        running = null;
      }
    }

    private static String otherTag(String sql) {
      String[] words = sql.strip().toUpperCase(Locale.ROOT).split("\\s+");
      if ((words[0].equals("CREATE") || words[0].equals("DROP")) && words.length > 1) {
        return words[0] + " " + words[1];
      }
      return words[0];
    }

    private Object toDuck(Object v) throws SQLException {
      if (v instanceof List<?> list) {
        Object[] elements = new Object[list.size()];
        for (int i = 0; i < elements.length; i++) {
          elements[i] = toDuck(list.get(i));
        }
        Object sample = list.stream().filter(java.util.Objects::nonNull).findFirst().map(o -> (Object) o).orElse("");
        String type = switch (sample) {
          case Long l -> "BIGINT";
          case Integer n -> "INTEGER";
          case Short n -> "SMALLINT";
          case Double d -> "DOUBLE";
          case Float f -> "FLOAT";
          case Boolean b -> "BOOLEAN";
          case BigDecimal d -> "DECIMAL(38,10)";
          default -> "VARCHAR";
        };
        return conn.createArrayOf(type, elements);
      }
      if (v instanceof OffsetDateTime t) {
        return t;
      }
      if (v instanceof LocalDateTime t) {
        return java.sql.Timestamp.valueOf(t);
      }
      if (v instanceof LocalDate d) {
        return java.sql.Date.valueOf(d);
      }
      return v;
    }

    @Override
    public void cancel() {
      PreparedStatement ps = running;
      if (ps != null) {
        canceled = true;
        try {
          ps.cancel();
        } catch (SQLException e) {
          // Nothing to cancel any more.
        }
      }
    }

    @Override
    public void close() {
      try {
        conn.close();
      } catch (SQLException e) {
        // Closing an in-memory connection does not fail in a way a test could act on.
      }
    }
  }

  /** A DuckDB result set seen through the QueryResult cursor, values converted by column OID. */
  private static final class Rows implements QueryResult {
    private final PreparedStatement ps;
    private final ResultSet rs;
    private final List<ResultColumn> columns;
    private final String tag;
    private final Object single;
    private boolean singleRead;

    private Rows(PreparedStatement ps, ResultSet rs, List<ResultColumn> columns, String tag) {
      this(ps, rs, columns, tag, null);
    }

    private Rows(PreparedStatement ps, ResultSet rs, List<ResultColumn> columns, String tag, Object single) {
      this.ps = ps;
      this.rs = rs;
      this.columns = columns;
      this.tag = tag;
      this.single = single;
    }

    static Rows tag(String tag) {
      return new Rows(null, null, List.of(), tag, null);
    }

    static Rows single(List<ResultColumn> columns, Object value, String tag) {
      return new Rows(null, null, columns, tag, value);
    }

    @Override
    public List<ResultColumn> columns() {
      return columns;
    }

    @Override
    public boolean next() {
      if (rs == null) {
        boolean has = !columns.isEmpty() && !singleRead;
        singleRead = true;
        return has;
      }
      try {
        return rs.next();
      } catch (SQLException e) {
        throw new PgException(SqlState.DATA_EXCEPTION, e.getMessage(), e);
      }
    }

    @Override
    public Object get(int i) {
      if (rs == null) {
        return single;
      }
      try {
        return convert(rs, i + 1, columns.get(i).typeOid());
      } catch (SQLException e) {
        throw new PgException(SqlState.DATA_EXCEPTION, e.getMessage(), e);
      }
    }

    private static Object convert(ResultSet rs, int col, int oid) throws SQLException {
      Object v = rs.getObject(col);
      if (v == null) {
        return null;
      }
      if (oid == PgTypes.DATE.oid()) {
        return rs.getObject(col, LocalDate.class);
      }
      if (oid == PgTypes.TIMESTAMP.oid()) {
        return rs.getObject(col, LocalDateTime.class);
      }
      if (oid == PgTypes.TIMESTAMPTZ.oid()) {
        return rs.getObject(col, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC);
      }
      var type = PgTypes.byOid(oid);
      if (type instanceof io.timefusion.pgwire.types.ArrayType array) {
        Object[] values = (Object[]) ((java.sql.Array) v).getArray();
        List<Object> out = new ArrayList<>(values.length);
        for (Object e : values) {
          out.add(e == null ? null : element(e, array.element().oid()));
        }
        return out;
      }
      return element(v, oid);
    }

    private static Object element(Object v, int oid) throws SQLException {
      return switch (oid) {
        case 21 -> ((Number) v).shortValue();
        case 23 -> ((Number) v).intValue();
        case 20 -> ((Number) v).longValue();
        case 700 -> ((Number) v).floatValue();
        case 701 -> ((Number) v).doubleValue();
        case 1700 -> v instanceof BigDecimal d ? d : v instanceof BigInteger b ? new BigDecimal(b) : new BigDecimal(v.toString());
        case 16 -> (Boolean) v;
        case 2950 -> v instanceof UUID u ? u : UUID.fromString(v.toString());
        case 17 -> v instanceof java.sql.Blob b ? b.getBytes(1, (int) b.length())
            : v instanceof java.nio.ByteBuffer bb ? bytes(bb) : (byte[]) v;
        case 1082 -> v instanceof LocalDate d ? d : ((java.sql.Date) v).toLocalDate();
        case 1114 -> v instanceof LocalDateTime t ? t : ((java.sql.Timestamp) v).toLocalDateTime();
        case 1184 -> v instanceof OffsetDateTime t ? t.withOffsetSameInstant(ZoneOffset.UTC) : v;
        default -> v.toString();
      };
    }

    private static byte[] bytes(java.nio.ByteBuffer bb) {
      byte[] out = new byte[bb.remaining()];
      bb.duplicate().get(out);
      return out;
    }

    @Override
    public String commandTag() {
      return tag;
    }

    @Override
    public void close() {
      try {
        if (rs != null) {
          rs.close();
        }
        if (ps != null) {
          ps.close();
        }
      } catch (SQLException e) {
        // Closing a finished result does not fail in a way a test could act on.
      }
    }
  }
}

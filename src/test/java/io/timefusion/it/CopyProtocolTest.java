package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The COPY sub-protocol message by message, where drivers cannot show it: COPY in the extended
 * protocol (Flush and Sync ignored during copy-in, errors discarding until Sync), CopyFail, an
 * error raised before the client's CopyDone, and COPY among other statements of one Query.
 */
class CopyProtocolTest {
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  /** One backend message. */
  record Message(char type, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** A field of an ErrorResponse. */
    String field(char code) {
      int i = 0;
      while (i < body.length && body[i] != 0) {
        int end = i + 1;
        while (body[end] != 0) end++;
        if (body[i] == code) return new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8);
        i = end + 1;
      }
      return null;
    }
  }

  /** A frontend that writes protocol messages by hand and logs what comes back. */
  static final class Raw implements AutoCloseable {
    final Socket socket;
    final DataInputStream in;
    final DataOutputStream out;
    final List<Message> received = new ArrayList<>();

    Raw(int port) throws Exception {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(20_000);
      in = new DataInputStream(socket.getInputStream());
      out = new DataOutputStream(socket.getOutputStream());
      byte[] params = ("user\0" + TestServer.USER + "\0database\0postgres\0\0").getBytes(StandardCharsets.UTF_8);
      out.writeInt(8 + params.length);
      out.writeInt(196608);
      out.write(params);
      out.flush();
      Message auth = read();
      assertEquals('R', auth.type());
      byte[] salt = java.util.Arrays.copyOfRange(auth.body(), 4, 8);
      MessageDigest md = MessageDigest.getInstance("MD5");
      String inner = HexFormat.of().formatHex(md.digest((TestServer.PASSWORD + TestServer.USER).getBytes(StandardCharsets.UTF_8)));
      md.update(inner.getBytes(StandardCharsets.US_ASCII));
      md.update(salt);
      send('p', cstrings("md5" + HexFormat.of().formatHex(md.digest())));
      until('Z');
    }

    void send(char type, byte[] body) throws IOException {
      out.writeByte(type);
      out.writeInt(body.length + 4);
      out.write(body);
      out.flush();
    }

    void query(String sql) throws IOException {
      send('Q', cstrings(sql));
    }

    void data(String s) throws IOException {
      send('d', s.getBytes(StandardCharsets.UTF_8));
    }

    /** Parse, Bind and Execute of an unnamed statement, without Sync. */
    void extended(String sql) throws IOException {
      send('P', concat(cstrings("", sql), new byte[2]));
      send('B', concat(cstrings("", ""), new byte[6]));
      send('D', concat(new byte[] {'P'}, cstrings("")));
      send('E', concat(cstrings(""), new byte[4]));
    }

    Message read() throws IOException {
      char type = (char) in.readByte();
      byte[] body = new byte[in.readInt() - 4];
      in.readFully(body);
      return new Message(type, body);
    }

    /**
     * Reads up to and including a message of type {@code last}; returns the types read, each
     * ErrorResponse followed by its SQLSTATE in brackets.
     */
    String until(char last) throws IOException {
      StringBuilder types = new StringBuilder();
      while (true) {
        Message m = read();
        received.add(m);
        types.append(m.type());
        if (m.type() == 'E') types.append('[').append(m.field('C')).append(']');
        if (m.type() == last) return types.toString();
      }
    }

    Message last(char type) {
      for (int i = received.size() - 1; i >= 0; i--) {
        if (received.get(i).type() == type) return received.get(i);
      }
      return null;
    }

    /** The single value a one-row, one-column query answers. */
    String scalar(String sql) throws IOException {
      query(sql);
      String types = until('Z');
      assertEquals("TDCZ", types, sql);
      byte[] row = last('D').body();
      int len = ((row[2] & 0xFF) << 24) | ((row[3] & 0xFF) << 16) | ((row[4] & 0xFF) << 8) | (row[5] & 0xFF);
      return new String(row, 6, len, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  static byte[] cstrings(String... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (String p : parts) {
      b.writeBytes(p.getBytes(StandardCharsets.UTF_8));
      b.write(0);
    }
    return b.toByteArray();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static final String COPY_IN = "COPY otel_logs_and_spans (project_id, timestamp, id) FROM STDIN";

  private static String countOf(Raw c, String project) throws IOException {
    return c.scalar("SELECT count(*) FROM otel_logs_and_spans WHERE project_id = '" + project + "'");
  }

  @Test
  void copyInTheExtendedProtocolIgnoresFlushAndSyncUntilCopyDone() throws Exception {
    try (Raw c = new Raw(server.port())) {
      c.extended(COPY_IN);
      c.send('H', new byte[0]);
      assertEquals("12nG", c.until('G'));
      c.data("ext\t2025-01-17 10:00:00\te");
      c.send('H', new byte[0]); // ignored during copy-in
      c.send('S', new byte[0]); // ignored during copy-in
      c.data("1\next\t2025-01-17 10:00:01\te2\n");
      c.send('c', new byte[0]);
      c.send('S', new byte[0]);
      assertEquals("CZ", c.until('Z'));
      assertEquals("COPY 2", c.last('C').text().trim());
      assertEquals("2", countOf(c, "ext"));
    }
  }

  @Test
  void anErrorDuringExtendedCopyDiscardsUntilSync() throws Exception {
    try (Raw c = new Raw(server.port())) {
      c.extended(COPY_IN);
      c.send('H', new byte[0]);
      assertEquals("12nG", c.until('G'));
      c.data("ext-bad\t2025-01-17 10:00:00\tok\next-bad\tyesterday-ish\tbad\n");
      c.data("ext-bad\t2025-01-17 10:00:00\tlate\n");
      c.send('c', new byte[0]);
      c.extended("SELECT 1"); // discarded: the error skips to Sync
      c.send('S', new byte[0]);
      assertEquals("E[22007]Z", c.until('Z'));
      assertEquals("COPY otel_logs_and_spans, line 2, column timestamp: \"yesterday-ish\"", c.last('E').field('W'));
      assertEquals("0", countOf(c, "ext-bad"));
      // CopyFail in the extended protocol.
      c.extended(COPY_IN);
      c.send('H', new byte[0]);
      assertEquals("12nG", c.until('G'));
      c.data("ext-bad\t2025-01-17 10:00:00\tok\n");
      c.send('f', cstrings("client gave up"));
      c.send('S', new byte[0]);
      assertEquals("E[57014]Z", c.until('Z'));
      assertEquals("COPY from stdin failed: client gave up", c.last('E').field('M'));
      assertEquals("0", countOf(c, "ext-bad"));
    }
  }

  @Test
  void copyOutInTheExtendedProtocol() throws Exception {
    try (Raw c = new Raw(server.port())) {
      c.send('P', concat(cstrings("s", "COPY (SELECT 1 AS a, 'x,y' AS b) TO STDOUT (FORMAT csv, HEADER)"), new byte[2]));
      c.send('D', concat(new byte[] {'S'}, cstrings("s")));
      c.send('B', concat(cstrings("", "s"), new byte[6]));
      c.send('E', concat(cstrings(""), new byte[] {0, 0, 0, 1})); // a row limit does not cut a COPY
      c.send('S', new byte[0]);
      assertEquals("1tn2HddcCZ", c.until('Z'));
      List<String> data = c.received.stream().filter(m -> m.type() == 'd').map(Message::text).toList();
      assertEquals(List.of("a,b\n", "1,\"x,y\"\n"), data);
      assertEquals("COPY 1", c.last('C').text().trim());
    }
  }

  @Test
  void simpleQueryCopyErrorsAtOnceAndIgnoresTheRestOfTheData() throws Exception {
    try (Raw c = new Raw(server.port())) {
      c.query(COPY_IN);
      assertEquals("G", c.until('G'));
      c.data("simple-bad\t2025-01-17 10:00:00\tok\n\\N\t2025-01-17 10:00:00\tnull project\n");
      // The error comes before CopyDone, as in PostgreSQL...
      assertEquals("E[23502]Z", c.until('Z'));
      // ...and the data the client still sends is ignored.
      c.data("simple-bad\t2025-01-17 10:00:00\tlate\n");
      c.send('c', new byte[0]);
      assertEquals("0", countOf(c, "simple-bad"));
      // COPY among other statements of one Query message.
      c.query("SELECT 1; " + COPY_IN + "; SELECT 2");
      assertEquals("TDCG", c.until('G'));
      c.data("simple-multi\t2025-01-17 10:00:00\tm\n");
      c.send('c', new byte[0]);
      assertEquals("CTDCZ", c.until('Z'));
      assertEquals("1", countOf(c, "simple-multi"));
      // An unexpected message during copy-in is a protocol violation; the COPY stores nothing.
      c.query(COPY_IN);
      assertEquals("G", c.until('G'));
      c.data("simple-multi\t2025-01-17 10:00:00\tm2\n");
      c.query("SELECT 3");
      assertEquals("E[08P01]Z", c.until('Z'));
      assertEquals("1", countOf(c, "simple-multi"));
    }
  }
}

package io.timefusion.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timefusion.it.TestCerts;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The TLS startup at the message level: what libpq and pgjdbc never send is checked here. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PgTlsTest {
  private static final int SSL_REQUEST = 80877103;
  private static final int GSSENC_REQUEST = 80877104;

  private static DuckDbPassthroughEngine engine;
  private static PgServer server;

  @BeforeAll
  static void start() throws Exception {
    TestCerts.Identity rsa = TestCerts.rsa();
    engine = new DuckDbPassthroughEngine();
    server = new PgServer(new InetSocketAddress("127.0.0.1", 0), "tf", "s3cret", engine,
        PgServerOptions.defaults().withTls(ServerTls.load(rsa.cert(), rsa.key()), false));
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    engine.close();
  }

  @Test
  void scramSha256PlusBindsToTheServerCertificate() throws Exception {
    try (Socket plain = new Socket("127.0.0.1", server.port())) {
      plain.setSoTimeout(10_000);
      // GSSAPI encryption is declined; then TLS is accepted on the same socket
      assertEquals('N', request(plain, GSSENC_REQUEST));
      assertEquals('S', request(plain, SSL_REQUEST));
      SSLSocket tls = handshake(plain);
      X509Certificate cert = (X509Certificate) tls.getSession().getPeerCertificates()[0];
      byte[] endPoint = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
      DataOutputStream out = new DataOutputStream(tls.getOutputStream());
      DataInputStream in = new DataInputStream(tls.getInputStream());
      startup(out);
      Message sasl = Message.read(in);
      assertEquals(10, sasl.int32(0));
      assertEquals("SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0", sasl.text(4));
      ScramClient scram = new ScramClient("s3cret", "tls-nonce", "p=tls-server-end-point,,", endPoint);
      byte[] first = scram.clientFirst().getBytes(StandardCharsets.UTF_8);
      send(out, 'p', concat("SCRAM-SHA-256-PLUS\0".getBytes(StandardCharsets.UTF_8), int32(first.length), first));
      Message cont = Message.read(in);
      assertEquals(11, cont.int32(0));
      send(out, 'p', scram.clientFinal(cont.text(4)).getBytes(StandardCharsets.UTF_8));
      Message fin = Message.read(in);
      assertEquals(12, fin.int32(0), fin.text(0));
      assertTrue(scram.serverVerified(fin.text(4)));
      assertEquals(0, Message.read(in).int32(0), "AuthenticationOk");
    }
  }

  @Test
  void aSecondSslRequestInsideTlsIsRefused() throws Exception {
    try (Socket plain = new Socket("127.0.0.1", server.port())) {
      plain.setSoTimeout(10_000);
      assertEquals('S', request(plain, SSL_REQUEST));
      SSLSocket tls = handshake(plain);
      // inside TLS a second SSLRequest is just an unknown protocol version
      assertEquals('E', request(tls, SSL_REQUEST));
      Message error = Message.read(new DataInputStream(tls.getInputStream()), 'E');
      assertTrue(error.text(0).contains("C0A000"), error.text(0));
    }
  }

  @Test
  void dataSentBeforeTheSslAnswerIsAProtocolViolation() throws Exception {
    try (Socket plain = new Socket("127.0.0.1", server.port())) {
      plain.setSoTimeout(10_000);
      // the SSLRequest and a startup packet in one write: a client that did not wait for 'S'
      byte[] params = "user\0tf\0\0".getBytes(StandardCharsets.UTF_8);
      plain.getOutputStream().write(concat(int32(8), int32(SSL_REQUEST), int32(8 + params.length), int32(196608), params));
      plain.getOutputStream().flush();
      DataInputStream in = new DataInputStream(plain.getInputStream());
      assertEquals('E', in.readByte());
      Message error = Message.read(in, 'E');
      assertTrue(error.text(0).contains("C08P01"), error.text(0));
      assertTrue(error.text(0).contains("received unencrypted data after SSL request"), error.text(0));
    }
  }

  /** Sends an 8-byte request (SSLRequest, GSSENCRequest) and returns the first byte of the answer. */
  private static char request(Socket s, int code) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(concat(int32(8), int32(code)));
    out.flush();
    int b = s.getInputStream().read();
    return (char) b;
  }

  private static SSLSocket handshake(Socket plain) throws Exception {
    TrustManager trustAll = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trustAll}, null);
    SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), true);
    tls.setUseClientMode(true);
    tls.startHandshake();
    return tls;
  }

  private static void startup(DataOutputStream out) throws IOException {
    byte[] params = "user\0tf\0database\0postgres\0\0".getBytes(StandardCharsets.UTF_8);
    out.writeInt(8 + params.length);
    out.writeInt(196608);
    out.write(params);
    out.flush();
  }

  private static void send(DataOutputStream out, char type, byte[] body) throws IOException {
    out.writeByte(type);
    out.writeInt(body.length + 4);
    out.write(body);
    out.flush();
  }

  private static byte[] int32(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** One backend message body. */
  private record Message(char type, byte[] body) {
    static Message read(DataInputStream in) throws IOException {
      char type = (char) in.readByte();
      return read(in, type);
    }

    /** The rest of a message whose type byte was already read. */
    static Message read(DataInputStream in, char type) throws IOException {
      byte[] body = new byte[in.readInt() - 4];
      in.readFully(body);
      return new Message(type, body);
    }

    int int32(int at) {
      return ((body[at] & 0xff) << 24) | ((body[at + 1] & 0xff) << 16) | ((body[at + 2] & 0xff) << 8) | (body[at + 3] & 0xff);
    }

    String text(int from) {
      return new String(body, from, body.length - from, StandardCharsets.UTF_8);
    }
  }
}

package io.timefusion.pgwire;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Asks a connecting client for the password in the configured way (SCRAM-SHA-256, MD5 or
 * cleartext) and checks its answers. A wrong user name goes through the whole exchange and fails
 * like a wrong password, so the answer does not tell which one was wrong.
 */
final class ClientAuthentication {
  /** The client's next password message ('p': PasswordMessage, SASLInitialResponse, SASLResponse). */
  interface PasswordMessages {
    FrontendMessage next() throws IOException;
  }

  private final PgServer server;
  private final BackendWriter out;
  private final PasswordMessages in;

  ClientAuthentication(PgServer server, BackendWriter out, PasswordMessages in) {
    this.server = server;
    this.out = out;
    this.in = in;
  }

  /**
   * Whether the client proved the password of {@code user}. {@code channelBinding} is the TLS
   * connection's tls-server-end-point data (null on a plain connection), for SCRAM-SHA-256-PLUS.
   */
  boolean authenticate(String user, byte[] channelBinding) throws IOException {
    boolean knownUser = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8), server.user().getBytes(StandardCharsets.UTF_8));
    return switch (server.options().authMethod()) {
      case SCRAM_SHA_256 -> scram(knownUser, channelBinding);
      case MD5 -> md5() && knownUser;
      case CLEARTEXT -> cleartext() && knownUser;
    };
  }

  private boolean scram(boolean knownUser, byte[] channelBinding) throws IOException {
    byte[] nonce = new byte[ScramSha256.NONCE_BYTES];
    server.random().nextBytes(nonce);
    ScramSha256.Exchange exchange =
        new ScramSha256.Exchange(server.scramVerifier(), channelBinding, Base64.getEncoder().encodeToString(nonce));
    out.authenticationSasl(exchange.mechanisms());
    out.flush();
    FrontendMessage initial = in.next();
    String mechanism = initial.readCString();
    int length = initial.readInt32();
    if (length < 0 || length != initial.remaining()) {
      throw new PgException(SqlState.PROTOCOL_VIOLATION, "malformed SCRAM message", "The client's first message is missing.", null, null);
    }
    out.authenticationSaslContinue(utf8(exchange.clientFirst(mechanism, text(initial))));
    out.flush();
    String serverFinal = exchange.clientFinal(text(in.next()));
    if (serverFinal == null || !knownUser) {
      return false;
    }
    out.authenticationSaslFinal(utf8(serverFinal));
    return true;
  }

  private boolean md5() throws IOException {
    byte[] salt = new byte[4];
    server.random().nextBytes(salt);
    out.authenticationMd5(salt);
    out.flush();
    return sameText(password(), md5Answer(server.user(), server.password(), salt));
  }

  private boolean cleartext() throws IOException {
    out.authenticationCleartext();
    out.flush();
    return sameText(password(), server.password());
  }

  private String password() throws IOException {
    FrontendMessage msg = in.next();
    String answer = msg.readCString();
    msg.expectEnd();
    return answer;
  }

  private static String text(FrontendMessage msg) {
    int n = msg.remaining();
    return new String(msg.array(), msg.skip(n), n, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean sameText(String a, String b) {
    return MessageDigest.isEqual(utf8(a), utf8(b));
  }

  /** What a client sends for MD5 authentication: "md5" + md5hex(md5hex(password + user) + salt). */
  static String md5Answer(String user, String password, byte[] salt) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      String inner = HexFormat.of().formatHex(md.digest((password + user).getBytes(StandardCharsets.UTF_8)));
      md.update(inner.getBytes(StandardCharsets.US_ASCII));
      md.update(salt);
      return "md5" + HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

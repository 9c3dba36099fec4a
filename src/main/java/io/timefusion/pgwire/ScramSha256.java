package io.timefusion.pgwire;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL speaks it inside its SASL
 * messages: the user name of the client's first message is ignored (the startup packet names the
 * user), and SCRAM-SHA-256-PLUS binds the exchange to the TLS connection with
 * tls-server-end-point (RFC 5929).
 */
final class ScramSha256 {
  static final String MECHANISM = "SCRAM-SHA-256";
  static final String MECHANISM_PLUS = "SCRAM-SHA-256-PLUS";
  static final String CHANNEL_BINDING_TYPE = "tls-server-end-point";
  static final int ITERATIONS = 4096;
  static final int SALT_BYTES = 16;
  static final int NONCE_BYTES = 18;

  private ScramSha256() {}

  /** What the server keeps of the password: salt, iteration count, StoredKey and ServerKey. */
  record Verifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    static Verifier of(String password, byte[] salt, int iterations) {
      byte[] salted = hi(saslPrep(password).getBytes(StandardCharsets.UTF_8), salt, iterations);
      return new Verifier(salt, iterations, sha256(hmac(salted, "Client Key")), hmac(salted, "Server Key"));
    }
  }

  /**
   * One exchange: {@link #clientFirst} answers the client's first message with the server's,
   * {@link #clientFinal} checks the proof. Protocol errors are thrown as {@link PgException}.
   */
  static final class Exchange {
    private final Verifier verifier;
    private final byte[] channelBinding;
    private final String serverNonce;
    private String gs2Header;
    private boolean bound;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;

    /**
     * @param channelBinding the tls-server-end-point data of this connection, or null when the
     *     connection is not encrypted (then only SCRAM-SHA-256 is offered)
     * @param serverNonce printable characters without commas, fresh for every exchange
     */
    Exchange(Verifier verifier, byte[] channelBinding, String serverNonce) {
      this.verifier = verifier;
      this.channelBinding = channelBinding;
      this.serverNonce = serverNonce;
    }

    /** The mechanisms to offer, preferred first. */
    String[] mechanisms() {
      return channelBinding == null ? new String[] {MECHANISM} : new String[] {MECHANISM_PLUS, MECHANISM};
    }

    /** Reads client-first-message and returns server-first-message. */
    String clientFirst(String mechanism, String message) {
      boolean plus = mechanism.equals(MECHANISM_PLUS) && channelBinding != null;
      if (!plus && !mechanism.equals(MECHANISM)) {
        throw new PgException(SqlState.PROTOCOL_VIOLATION, "client selected an invalid SASL authentication mechanism");
      }
      Cursor c = new Cursor(message);
      char flag = c.next();
      switch (flag) {
        case 'p' -> {
          c.expect('=');
          String type = c.until(',');
          if (!plus) {
            throw malformed("The client requires SCRAM channel binding, but it was not negotiated.");
          }
          if (!type.equals(CHANNEL_BINDING_TYPE)) {
            throw malformed("Unsupported SCRAM channel-binding type \"" + type + "\".");
          }
          bound = true;
        }
        case 'y' -> {
          // The client could bind but believes the server cannot: over TLS that is a downgrade.
          if (channelBinding != null) {
            throw new PgException(SqlState.PROTOCOL_VIOLATION, "SCRAM channel binding negotiation error",
                "The client supports SCRAM channel binding but thinks the server does not.  However, this server does support channel binding.",
                null, null);
          }
        }
        case 'n' -> {}
        default -> throw malformed("Unexpected channel-binding flag \"" + flag + "\".");
      }
      if (plus && !bound) {
        throw malformed("The client selected SCRAM-SHA-256-PLUS without channel binding data.");
      }
      c.expect(',');
      if (c.peek() == 'a') {
        throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "client uses authorization identity, but it is not supported");
      }
      c.expect(',');
      gs2Header = message.substring(0, c.pos);
      clientFirstBare = message.substring(c.pos);
      if (c.peek() == 'm') {
        throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "client requires an unsupported SCRAM extension");
      }
      c.attribute('n');
      c.until(',');
      c.expect(',');
      c.attribute('r');
      String clientNonce = c.until(',');
      if (clientNonce.isEmpty() || !printable(clientNonce)) {
        throw malformed("The client nonce is not printable.");
      }
      nonce = clientNonce + serverNonce;
      serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(verifier.salt()) + ",i=" + verifier.iterations();
      return serverFirst;
    }

    /** Reads client-final-message: server-final-message when the proof is right, null when not. */
    String clientFinal(String message) {
      if (serverFirst == null) {
        throw malformed("The client's final message came first.");
      }
      Cursor c = new Cursor(message);
      c.attribute('c');
      byte[] binding = decode(c.until(','));
      byte[] header = gs2Header.getBytes(StandardCharsets.UTF_8);
      byte[] expected = header;
      if (bound) {
        expected = new byte[header.length + channelBinding.length];
        System.arraycopy(header, 0, expected, 0, header.length);
        System.arraycopy(channelBinding, 0, expected, header.length, channelBinding.length);
      }
      if (!MessageDigest.isEqual(binding, expected)) {
        throw new PgException(SqlState.PROTOCOL_VIOLATION, "SCRAM channel binding check failed");
      }
      c.expect(',');
      c.attribute('r');
      if (!c.until(',').equals(nonce)) {
        throw malformed("Nonce does not match.");
      }
      int proofAt = message.lastIndexOf(",p=");
      if (proofAt < c.pos) {
        throw malformed("Proof is missing.");
      }
      byte[] proof = decode(message.substring(proofAt + 3));
      if (proof.length != 32) {
        throw malformed("Malformed proof in client-final-message.");
      }
      String authMessage = clientFirstBare + "," + serverFirst + "," + message.substring(0, proofAt);
      byte[] clientKey = hmac(verifier.storedKey(), authMessage);
      for (int i = 0; i < clientKey.length; i++) {
        clientKey[i] ^= proof[i];
      }
      if (!MessageDigest.isEqual(sha256(clientKey), verifier.storedKey())) {
        return null;
      }
      return "v=" + Base64.getEncoder().encodeToString(hmac(verifier.serverKey(), authMessage));
    }
  }

  /** Reads a SCRAM message attribute by attribute. */
  private static final class Cursor {
    final String s;
    int pos;

    Cursor(String s) {
      this.s = s;
    }

    char peek() {
      return pos < s.length() ? s.charAt(pos) : 0;
    }

    char next() {
      if (pos >= s.length()) {
        throw malformed("Attribute expected, but found end of string.");
      }
      return s.charAt(pos++);
    }

    void expect(char ch) {
      if (next() != ch) {
        throw malformed("Expected character \"" + ch + "\".");
      }
    }

    /** Expects "x=". */
    void attribute(char name) {
      char got = next();
      if (got != name) {
        throw malformed("Expected attribute \"" + name + "\" but found \"" + got + "\".");
      }
      expect('=');
    }

    /** The text up to (not including) {@code end} or the end of the message. */
    String until(char end) {
      int at = s.indexOf(end, pos);
      if (at < 0) {
        at = s.length();
      }
      String v = s.substring(pos, at);
      pos = at;
      return v;
    }
  }

  private static PgException malformed(String detail) {
    return new PgException(SqlState.PROTOCOL_VIOLATION, "malformed SCRAM message", detail, null, null);
  }

  private static byte[] decode(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw malformed("Invalid base64 value.");
    }
  }

  private static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch < 0x21 || ch > 0x7e || ch == ',') {
        return false;
      }
    }
    return true;
  }

  /**
   * SASLprep (RFC 4013) as far as passwords need it: ASCII passwords are used as they are; others
   * have non-ASCII spaces mapped to a space, characters "mapped to nothing" removed, and NFKC
   * applied, which is what libpq and pgjdbc do before hashing.
   */
  static String saslPrep(String password) {
    if (password.chars().allMatch(ch -> ch < 0x80)) {
      return password;
    }
    StringBuilder sb = new StringBuilder(password.length());
    password.codePoints().forEach(cp -> {
      if (cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D) || (cp >= 0x200B && cp <= 0x200D)
          || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF) {
        return;
      }
      sb.appendCodePoint(cp != 0x20 && Character.getType(cp) == Character.SPACE_SEPARATOR ? ' ' : cp);
    });
    return Normalizer.normalize(sb, Normalizer.Form.NFKC);
  }

  /** Hi() of RFC 5802: PBKDF2 with HMAC-SHA-256 and one block of output. */
  static byte[] hi(byte[] password, byte[] salt, int iterations) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(password, "HmacSHA256"));
      mac.update(salt);
      byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
      byte[] result = u.clone();
      for (int i = 1; i < iterations; i++) {
        u = mac.doFinal(u);
        for (int j = 0; j < result.length; j++) {
          result[j] ^= u[j];
        }
      }
      return result;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}

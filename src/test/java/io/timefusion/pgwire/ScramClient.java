package io.timefusion.pgwire;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The client side of SCRAM-SHA-256 for raw-protocol tests (pgjdbc and psql are the real clients). */
final class ScramClient {
  private final String password;
  private final String gs2Header;
  private final byte[] channelBinding;
  private final String clientFirstBare;
  private String authMessage;
  private byte[] saltedPassword;

  /** {@code gs2Header} is "n,," or "y,,", or "p=tls-server-end-point,," with {@code channelBinding}. */
  ScramClient(String password, String nonce, String gs2Header, byte[] channelBinding) {
    this.password = password;
    this.gs2Header = gs2Header;
    this.channelBinding = channelBinding;
    this.clientFirstBare = "n=,r=" + nonce;
  }

  String clientFirst() {
    return gs2Header + clientFirstBare;
  }

  /** client-final-message for a server-first-message, with a proof of {@code password}. */
  String clientFinal(String serverFirst) {
    Map<Character, String> attrs = attributes(serverFirst);
    saltedPassword =
        ScramSha256.hi(password.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(attrs.get('s')), Integer.parseInt(attrs.get('i')));
    byte[] header = gs2Header.getBytes(StandardCharsets.UTF_8);
    byte[] binding = header;
    if (channelBinding != null) {
      binding = new byte[header.length + channelBinding.length];
      System.arraycopy(header, 0, binding, 0, header.length);
      System.arraycopy(channelBinding, 0, binding, header.length, channelBinding.length);
    }
    String withoutProof = "c=" + Base64.getEncoder().encodeToString(binding) + ",r=" + attrs.get('r');
    authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
    byte[] clientKey = ScramSha256.hmac(saltedPassword, "Client Key");
    byte[] signature = ScramSha256.hmac(ScramSha256.sha256(clientKey), authMessage);
    for (int i = 0; i < signature.length; i++) {
      signature[i] ^= clientKey[i];
    }
    return withoutProof + ",p=" + Base64.getEncoder().encodeToString(signature);
  }

  /** Whether server-final-message proves the server knows the password. */
  boolean serverVerified(String serverFinal) {
    byte[] serverKey = ScramSha256.hmac(saltedPassword, "Server Key");
    return serverFinal.equals("v=" + Base64.getEncoder().encodeToString(ScramSha256.hmac(serverKey, authMessage)));
  }

  private static Map<Character, String> attributes(String message) {
    Map<Character, String> out = new HashMap<>();
    for (String part : message.split(",")) {
      out.put(part.charAt(0), part.substring(2));
    }
    return out;
  }
}

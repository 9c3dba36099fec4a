package io.timefusion.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timefusion.error.PgException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ScramSha256Test {
  // RFC 7677, section 3: user "user", password "pencil"
  private static final byte[] RFC_SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
  private static final String RFC_SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
  private static final String RFC_CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
  private static final String RFC_SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
  private static final String RFC_CLIENT_FINAL =
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
  private static final String RFC_SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

  private static final ScramSha256.Verifier PENCIL = ScramSha256.Verifier.of("pencil", RFC_SALT, 4096);

  @Test
  void rfc7677Example() {
    ScramSha256.Exchange x = new ScramSha256.Exchange(PENCIL, null, RFC_SERVER_NONCE);
    assertEquals(RFC_SERVER_FIRST, x.clientFirst("SCRAM-SHA-256", RFC_CLIENT_FIRST));
    assertEquals(RFC_SERVER_FINAL, x.clientFinal(RFC_CLIENT_FINAL));
  }

  @Test
  void aWrongProofIsRefusedWithoutServerSignature() {
    ScramSha256.Exchange x = new ScramSha256.Exchange(ScramSha256.Verifier.of("pencil2", RFC_SALT, 4096), null, RFC_SERVER_NONCE);
    x.clientFirst("SCRAM-SHA-256", RFC_CLIENT_FIRST);
    assertNull(x.clientFinal(RFC_CLIENT_FINAL));
  }

  @Test
  void theFinalMessageMustCarryTheCombinedNonceAndTheGs2Header() {
    ScramSha256.Exchange x = new ScramSha256.Exchange(PENCIL, null, RFC_SERVER_NONCE);
    x.clientFirst("SCRAM-SHA-256", RFC_CLIENT_FIRST);
    assertEquals("08P01", assertThrows(PgException.class, () -> x.clientFinal(RFC_CLIENT_FINAL.replace("$k0", "$k1"))).state().code());
    ScramSha256.Exchange y = new ScramSha256.Exchange(PENCIL, null, RFC_SERVER_NONCE);
    y.clientFirst("SCRAM-SHA-256", RFC_CLIENT_FIRST);
    // c=eSws is "y,,": not the header of the first message
    assertEquals("08P01", assertThrows(PgException.class, () -> y.clientFinal(RFC_CLIENT_FINAL.replace("c=biws", "c=eSws"))).state().code());
  }

  @Test
  void channelBindingOverTls() {
    byte[] endPoint = ScramSha256.sha256("certificate".getBytes(StandardCharsets.UTF_8));
    ScramSha256.Exchange offer = new ScramSha256.Exchange(PENCIL, endPoint, "server-nonce");
    assertEquals("SCRAM-SHA-256-PLUS", offer.mechanisms()[0]);
    assertEquals("SCRAM-SHA-256", offer.mechanisms()[1]);
    assertEquals(1, new ScramSha256.Exchange(PENCIL, null, "n").mechanisms().length);

    ScramClient client = new ScramClient("pencil", "abc", "p=tls-server-end-point,,", endPoint);
    ScramSha256.Exchange bound = new ScramSha256.Exchange(PENCIL, endPoint, "server-nonce");
    String serverFinal = bound.clientFinal(client.clientFinal(bound.clientFirst("SCRAM-SHA-256-PLUS", client.clientFirst())));
    assertTrue(client.serverVerified(serverFinal));

    // the client binds to a different certificate (a man in the middle): refused
    ScramClient fooled = new ScramClient("pencil", "abc", "p=tls-server-end-point,,", ScramSha256.sha256(new byte[1]));
    ScramSha256.Exchange x = new ScramSha256.Exchange(PENCIL, endPoint, "server-nonce");
    String first = x.clientFirst("SCRAM-SHA-256-PLUS", fooled.clientFirst());
    assertEquals("08P01", assertThrows(PgException.class, () -> x.clientFinal(fooled.clientFinal(first))).state().code());

    // plain SCRAM-SHA-256 over TLS works when the client does not bind ("n")
    ScramClient plain = new ScramClient("pencil", "abc", "n,,", null);
    ScramSha256.Exchange unbound = new ScramSha256.Exchange(PENCIL, endPoint, "server-nonce");
    assertTrue(plain.serverVerified(unbound.clientFinal(plain.clientFinal(unbound.clientFirst("SCRAM-SHA-256", plain.clientFirst())))));

    // "y": the client could bind but thinks the server cannot; over TLS that is a downgrade
    assertThrows(PgException.class, () -> new ScramSha256.Exchange(PENCIL, endPoint, "s").clientFirst("SCRAM-SHA-256", "y,,n=,r=abc"));
    // without TLS "y" is fine, binding data is not
    new ScramSha256.Exchange(PENCIL, null, "s").clientFirst("SCRAM-SHA-256", "y,,n=,r=abc");
    assertThrows(PgException.class,
        () -> new ScramSha256.Exchange(PENCIL, null, "s").clientFirst("SCRAM-SHA-256", "p=tls-server-end-point,,n=,r=abc"));
    assertThrows(PgException.class,
        () -> new ScramSha256.Exchange(PENCIL, null, "s").clientFirst("SCRAM-SHA-256-PLUS", "p=tls-server-end-point,,n=,r=abc"));
    assertThrows(PgException.class, () -> new ScramSha256.Exchange(PENCIL, endPoint, "s").clientFirst("SCRAM-SHA-256-PLUS", "n,,n=,r=abc"));
  }

  @Test
  void malformedFirstMessages() {
    for (String bad : new String[] {"", "x,,n=,r=a", "n,a=someone,n=,r=a", "n,,m=ext,n=,r=a", "n,,n=,r=", "n,,r=abc", "n,,n=,r=a b"}) {
      ScramSha256.Exchange x = new ScramSha256.Exchange(PENCIL, null, "s");
      assertThrows(PgException.class, () -> x.clientFirst("SCRAM-SHA-256", bad), bad);
    }
    assertThrows(PgException.class, () -> new ScramSha256.Exchange(PENCIL, null, "s").clientFirst("SCRAM-SHA-1", RFC_CLIENT_FIRST));
    assertThrows(PgException.class, () -> new ScramSha256.Exchange(PENCIL, null, "s").clientFinal(RFC_CLIENT_FINAL));
  }

  @Test
  void saltsMakeDifferentVerifiers() {
    ScramSha256.Verifier other = ScramSha256.Verifier.of("pencil", new byte[16], 4096);
    assertNotEquals(Base64.getEncoder().encodeToString(PENCIL.storedKey()), Base64.getEncoder().encodeToString(other.storedKey()));
  }

  @Test
  void saslPrepKeepsAsciiAndNormalizesTheRest() {
    assertEquals("pencil ", ScramSha256.saslPrep("pencil "));
    assertEquals("I X", ScramSha256.saslPrep("I\u00A0X"));
    assertEquals("IX", ScramSha256.saslPrep("I\u00ADX"));
    assertEquals("a", ScramSha256.saslPrep("\u00AA"));
    assertEquals("IX", ScramSha256.saslPrep("\u2168"));
  }
}

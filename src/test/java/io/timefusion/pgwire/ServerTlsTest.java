package io.timefusion.pgwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timefusion.it.TestCerts;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class ServerTlsTest {
  @Test
  void readsPkcs8AndPkcs1RsaKeysAndPkcs8EcKeys() throws Exception {
    for (TestCerts.Identity id : new TestCerts.Identity[] {TestCerts.rsa(), TestCerts.rsaPkcs1(), TestCerts.ec()}) {
      ServerTls tls = ServerTls.load(id.cert(), id.key());
      // tls-server-end-point of a SHA-256-signed certificate: SHA-256 of its DER form
      assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(certificate(id.cert()).getEncoded()), tls.channelBinding());
    }
    assertTrue(Files.readString(TestCerts.rsaPkcs1().key()).contains("BEGIN RSA PRIVATE KEY"));
  }

  @Test
  void anEd25519CertificateHasNoChannelBinding() throws Exception {
    TestCerts.Identity id = TestCerts.ed25519();
    assertNull(ServerTls.load(id.cert(), id.key()).channelBinding());
  }

  @Test
  void unusableFilesAreNamedWithTheProblem() throws Exception {
    TestCerts.Identity rsa = TestCerts.rsa();
    TestCerts.Identity ec = TestCerts.ec();
    assertMessage("encrypted private key", () -> ServerTls.load(rsa.cert(), TestCerts.rsaEncrypted().key()));
    assertMessage("does not belong to the certificate", () -> ServerTls.load(rsa.cert(), ec.key()));
    assertMessage("no PEM certificate", () -> ServerTls.load(rsa.key(), rsa.key()));
    assertMessage("no PEM private key", () -> ServerTls.load(rsa.cert(), rsa.cert()));
    Path sec1 = Files.createTempFile("sec1", ".pem");
    try {
      Files.writeString(sec1, "-----BEGIN EC PRIVATE KEY-----\nMAA=\n-----END EC PRIVATE KEY-----\n");
      assertMessage("openssl pkcs8 -topk8 -nocrypt", () -> ServerTls.load(rsa.cert(), sec1));
    } finally {
      Files.delete(sec1);
    }
  }

  private interface Load {
    void run() throws Exception;
  }

  private static void assertMessage(String part, Load load) {
    ServerTls.UnusableFiles e = assertThrows(ServerTls.UnusableFiles.class, load::run);
    assertNotNull(e.getMessage());
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }

  private static X509Certificate certificate(Path file) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
  }
}

package io.timefusion.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for TLS tests, made by the openssl command line tool (as an operator
 * would make them) once per test run, in a temporary directory.
 */
public final class TestCerts {
  /** A certificate file and its private key file. */
  public record Identity(Path cert, Path key) {}

  private static Path dir;

  private TestCerts() {}

  /** RSA 2048, SHA-256 signature, key as PKCS#8 ("BEGIN PRIVATE KEY"). */
  public static synchronized Identity rsa() throws Exception {
    Path d = dir();
    if (!Files.exists(d.resolve("rsa-cert.pem"))) {
      openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
          "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
          "-keyout", d.resolve("rsa-key.pem").toString(), "-out", d.resolve("rsa-cert.pem").toString());
    }
    return new Identity(d.resolve("rsa-cert.pem"), d.resolve("rsa-key.pem"));
  }

  /** The RSA identity with its key in the traditional PKCS#1 form ("BEGIN RSA PRIVATE KEY"). */
  public static synchronized Identity rsaPkcs1() throws Exception {
    Identity rsa = rsa();
    Path key = dir().resolve("rsa-pkcs1-key.pem");
    if (!Files.exists(key)) {
      openssl("rsa", "-traditional", "-in", rsa.key().toString(), "-out", key.toString());
    }
    return new Identity(rsa.cert(), key);
  }

  /** The RSA identity with its key encrypted under a passphrase. */
  public static synchronized Identity rsaEncrypted() throws Exception {
    Identity rsa = rsa();
    Path key = dir().resolve("rsa-encrypted-key.pem");
    if (!Files.exists(key)) {
      openssl("pkcs8", "-topk8", "-passout", "pass:secret", "-in", rsa.key().toString(), "-out", key.toString());
    }
    return new Identity(rsa.cert(), key);
  }

  /** EC P-256 with an ECDSA-SHA256 signature, key as PKCS#8. */
  public static synchronized Identity ec() throws Exception {
    return generated("ec", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1");
  }

  /** Ed25519: its signature names no hash function, so it has no tls-server-end-point binding. */
  public static synchronized Identity ed25519() throws Exception {
    return generated("ed25519", "-newkey", "ed25519");
  }

  private static Identity generated(String name, String... keyArgs) throws Exception {
    Path d = dir();
    Path cert = d.resolve(name + "-cert.pem");
    Path key = d.resolve(name + "-key.pem");
    if (!Files.exists(cert)) {
      List<String> args = new ArrayList<>(List.of("req", "-x509"));
      args.addAll(List.of(keyArgs));
      args.addAll(List.of("-nodes", "-days", "2", "-subj", "/CN=localhost", "-keyout", key.toString(), "-out", cert.toString()));
      openssl(args.toArray(String[]::new));
    }
    return new Identity(cert, key);
  }

  private static Path dir() throws IOException {
    if (dir == null) {
      dir = Files.createTempDirectory("timefusion-certs");
      dir.toFile().deleteOnExit();
    }
    return dir;
  }

  private static void openssl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("the TLS tests need the openssl command (apt-get install -y openssl)", e);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + output);
    }
  }
}

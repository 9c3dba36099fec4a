package io.timefusion.pgwire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The server's TLS identity, read from PEM files: wraps a connection in TLS 1.2 or 1.3 after the
 * client's SSLRequest, and gives the tls-server-end-point channel binding of the certificate
 * for SCRAM-SHA-256-PLUS.
 */
public final class ServerTls {
  private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
  private static final char[] NO_PASSWORD = new char[0];

  /** The certificate or key files cannot be used; the message names the file and the problem. */
  public static final class UnusableFiles extends IllegalArgumentException {
    UnusableFiles(String message) {
      super(message);
    }

    UnusableFiles(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final SSLContext context;
  private final String[] protocols;
  private final byte[] endPoint;

  private ServerTls(SSLContext context, byte[] endPoint) {
    this.context = context;
    List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
    this.protocols = Arrays.stream(PROTOCOLS).filter(supported::contains).toArray(String[]::new);
    this.endPoint = endPoint;
  }

  /**
   * Reads the certificate chain (leaf first) and its unencrypted private key. Errors name the file
   * and what is wrong with it.
   */
  public static ServerTls load(Path certFile, Path keyFile) throws IOException {
    List<X509Certificate> chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile);
    X509Certificate leaf = chain.get(0);
    if (!matches(key, leaf)) {
      throw new UnusableFiles(
          "the private key in " + keyFile + " does not belong to the certificate in " + certFile);
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, NO_PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return new ServerTls(context, endPoint(leaf));
    } catch (GeneralSecurityException e) {
      throw new UnusableFiles("cannot use the certificate in " + certFile + ": " + e.getMessage(), e);
    }
  }

  /** Runs the server side of the TLS handshake over a connected socket that has just answered 'S'. */
  SSLSocket handshake(Socket socket) throws IOException {
    SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, null, true);
    ssl.setUseClientMode(false);
    ssl.setEnabledProtocols(protocols);
    ssl.startHandshake();
    return ssl;
  }

  /**
   * The tls-server-end-point channel binding (RFC 5929): the hash of the certificate with the hash
   * function of its signature (SHA-256 for MD5 and SHA-1); null when the signature names no hash
   * function (Ed25519, RSASSA-PSS), and then SCRAM-SHA-256-PLUS is not offered.
   */
  byte[] channelBinding() {
    return endPoint == null ? null : endPoint.clone();
  }

  static byte[] endPoint(X509Certificate cert) {
    String alg = cert.getSigAlgName().toUpperCase(Locale.ROOT);
    String hash;
    if (alg.startsWith("MD5") || alg.startsWith("SHA1")) {
      hash = "SHA-256";
    } else if (alg.startsWith("SHA224WITH")) {
      hash = "SHA-224";
    } else if (alg.startsWith("SHA256WITH")) {
      hash = "SHA-256";
    } else if (alg.startsWith("SHA384WITH")) {
      hash = "SHA-384";
    } else if (alg.startsWith("SHA512WITH")) {
      hash = "SHA-512";
    } else {
      return null;
    }
    try {
      return MessageDigest.getInstance(hash).digest(cert.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot hash the certificate with " + hash, e);
    }
  }

  private static List<X509Certificate> certificates(Path file) throws IOException {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (PemBlock block : pemBlocks(file)) {
        if (block.type().equals("CERTIFICATE")) {
          chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
        }
      }
    } catch (CertificateException e) {
      throw new UnusableFiles(file + " holds a certificate that cannot be read: " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new UnusableFiles(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return chain;
  }

  private static PrivateKey privateKey(Path file) throws IOException {
    for (PemBlock block : pemBlocks(file)) {
      switch (block.type()) {
        case "PRIVATE KEY" -> {
          return pkcs8(block.der(), file);
        }
        case "RSA PRIVATE KEY" -> {
          if (block.headers().contains("ENCRYPTED")) {
            throw encrypted(file);
          }
          return pkcs8(rsaPkcs1ToPkcs8(block.der()), file);
        }
        case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file);
        case "EC PRIVATE KEY" -> throw new UnusableFiles(
            file + " holds an EC key in SEC1 form; convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in "
                + file.getFileName() + " -out key.pem");
        default -> {}
      }
    }
    throw new UnusableFiles(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  private static UnusableFiles encrypted(Path file) {
    return new UnusableFiles(file + " holds an encrypted private key; decrypt it with: openssl pkcs8 -topk8 -nocrypt -in "
        + file.getFileName() + " -out key.pem");
  }

  private static PrivateKey pkcs8(byte[] der, Path file) {
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
        // try the next algorithm
      }
    }
    throw new UnusableFiles(file + " holds a private key of an unsupported kind (RSA, EC and Ed25519 keys work)");
  }

  /** PKCS#1 RSAPrivateKey wrapped as PKCS#8 PrivateKeyInfo {0, rsaEncryption, OCTET STRING}. */
  static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
    byte[] version = {0x02, 0x01, 0x00};
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    byte[] octets = der(0x04, pkcs1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(version);
    body.writeBytes(algorithm);
    body.writeBytes(octets);
    return der(0x30, body.toByteArray());
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  /** Whether the key signs what the certificate's public key verifies. */
  private static boolean matches(PrivateKey key, X509Certificate cert) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
          default -> null;
        };
    if (algorithm == null) {
      return true;
    }
    try {
      byte[] probe = "timefusion".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private record PemBlock(String type, String headers, byte[] der) {}

  private static List<PemBlock> pemBlocks(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
    List<PemBlock> blocks = new ArrayList<>();
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      String body = m.group(2);
      String headers = "";
      int blank = body.indexOf("\n\n");
      if (body.contains(":") && blank >= 0) {
        headers = body.substring(0, blank);
        body = body.substring(blank);
      }
      try {
        blocks.add(new PemBlock(m.group(1), headers, Base64.getMimeDecoder().decode(body.strip())));
      } catch (IllegalArgumentException e) {
        throw new UnusableFiles(file + " has a PEM block (" + m.group(1) + ") that is not valid base64", e);
      }
    }
    return blocks;
  }
}

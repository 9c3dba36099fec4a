package io.timefusion.pgwire;

import java.util.Locale;

/** How clients prove the configured password; named as in PostgreSQL's pg_hba.conf. */
public enum AuthMethod {
  /**
   * SASL SCRAM-SHA-256 (with tls-server-end-point channel binding on TLS connections): neither
   * the password nor anything replayable crosses the wire, and the client checks the server too.
   */
  SCRAM_SHA_256("scram-sha-256"),
  /** AuthenticationMD5Password: md5(md5(password + user) + salt); the password never crosses the wire. */
  MD5("md5"),
  /** AuthenticationCleartextPassword: the password as sent; only safe over TLS or a trusted network. */
  CLEARTEXT("password");

  private final String settingName;

  AuthMethod(String settingName) {
    this.settingName = settingName;
  }

  /** The method a setting value names: scram-sha-256, md5 or password. */
  public static AuthMethod named(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (AuthMethod m : values()) {
      if (m.settingName.equals(n)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown authentication method " + name + " (scram-sha-256, md5 or password)");
  }
}

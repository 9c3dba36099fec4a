package io.timefusion.pgwire;

/** How clients prove the configured password. */
public enum AuthMethod {
  /** AuthenticationMD5Password: md5(md5(password + user) + salt); the password never crosses the wire. */
  MD5,
  /** AuthenticationCleartextPassword: the password as sent; only safe on a trusted network. */
  CLEARTEXT
}

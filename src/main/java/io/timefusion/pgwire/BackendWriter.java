package io.timefusion.pgwire;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.pgwire.types.PgType;
import io.timefusion.pgwire.types.WireBuffer;
import io.timefusion.sql.QueryResult;
import io.timefusion.sql.ResultColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Encodes backend messages into one reusable buffer and hands it to the socket when it fills or
 * when the protocol reaches a point where the client waits for an answer ({@link #flush()}).
 */
final class BackendWriter {
  private static final int SEND_THRESHOLD = 64 * 1024;

  private final OutputStream socket;
  private final WireBuffer buf = new WireBuffer(SEND_THRESHOLD + 1024);
  private int messageStart = -1;

  BackendWriter(OutputStream socket) {
    this.socket = socket;
  }

  private void begin(char type) {
    messageStart = buf.size();
    buf.writeByte(type).writeInt(0);
  }

  private void end() throws IOException {
    buf.putInt(messageStart + 1, buf.size() - messageStart - 1);
    messageStart = -1;
    if (buf.size() >= SEND_THRESHOLD) {
      send();
    }
  }

  private void send() throws IOException {
    socket.write(buf.array(), 0, buf.size());
    buf.clear();
  }

  void flush() throws IOException {
    if (buf.size() > 0) {
      send();
    }
    socket.flush();
  }

  /** A single byte with no framing: the answer to SSLRequest and GSSENCRequest. */
  void rawByte(char b) throws IOException {
    buf.writeByte(b);
    flush();
  }

  void authenticationOk() throws IOException {
    begin('R');
    buf.writeInt(0);
    end();
  }

  void authenticationCleartext() throws IOException {
    begin('R');
    buf.writeInt(3);
    end();
  }

  void authenticationMd5(byte[] salt) throws IOException {
    begin('R');
    buf.writeInt(5).writeBytes(salt);
    end();
  }

  /** AuthenticationSASL: the mechanisms the client may choose from. */
  void authenticationSasl(String... mechanisms) throws IOException {
    begin('R');
    buf.writeInt(10);
    for (String m : mechanisms) {
      buf.writeCString(m);
    }
    buf.writeByte((byte) 0);
    end();
  }

  void authenticationSaslContinue(byte[] data) throws IOException {
    begin('R');
    buf.writeInt(11).writeBytes(data);
    end();
  }

  void authenticationSaslFinal(byte[] data) throws IOException {
    begin('R');
    buf.writeInt(12).writeBytes(data);
    end();
  }

  void parameterStatus(String name, String value) throws IOException {
    begin('S');
    buf.writeCString(name).writeCString(value);
    end();
  }

  void backendKeyData(int processId, int secretKey) throws IOException {
    begin('K');
    buf.writeInt(processId).writeInt(secretKey);
    end();
  }

  void negotiateProtocolVersion(int newestMinor, List<String> unrecognized) throws IOException {
    begin('v');
    buf.writeInt(newestMinor).writeInt(unrecognized.size());
    for (String option : unrecognized) {
      buf.writeCString(option);
    }
    end();
  }

  void readyForQuery(TransactionStatus status) throws IOException {
    begin('Z');
    buf.writeByte(status.indicator);
    end();
    flush();
  }

  void parseComplete() throws IOException {
    begin('1');
    end();
  }

  void bindComplete() throws IOException {
    begin('2');
    end();
  }

  void closeComplete() throws IOException {
    begin('3');
    end();
  }

  void noData() throws IOException {
    begin('n');
    end();
  }

  void portalSuspended() throws IOException {
    begin('s');
    end();
  }

  void emptyQueryResponse() throws IOException {
    begin('I');
    end();
  }

  void commandComplete(String tag) throws IOException {
    begin('C');
    buf.writeCString(tag);
    end();
  }

  void parameterDescription(int[] oids) throws IOException {
    begin('t');
    buf.writeShort(oids.length);
    for (int oid : oids) {
      buf.writeInt(oid);
    }
    end();
  }

  void rowDescription(List<ResultColumn> columns, PgType[] types, short[] formats) throws IOException {
    begin('T');
    buf.writeShort(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      ResultColumn c = columns.get(i);
      buf.writeCString(c.name()).writeInt(0).writeShort(0).writeInt(c.typeOid());
      buf.writeShort(types[i].typlen()).writeInt(-1).writeShort(formats[i]);
    }
    end();
  }

  /** One DataRow from the result's current row; a value that cannot be encoded leaves no partial message. */
  void dataRow(QueryResult row, PgType[] types, short[] formats) throws IOException {
    begin('D');
    buf.writeShort(types.length);
    for (int i = 0; i < types.length; i++) {
      Object value;
      int lengthAt = buf.size();
      try {
        value = row.get(i);
        if (value == null) {
          buf.writeInt(-1);
          continue;
        }
        buf.writeInt(0);
        if (formats[i] == 1) {
          types[i].writeBinary(value, buf);
        } else {
          types[i].writeText(value, buf);
        }
      } catch (PgException e) {
        buf.truncate(messageStart);
        throw e;
      } catch (RuntimeException e) {
        buf.truncate(messageStart);
        throw new PgException(SqlState.INTERNAL_ERROR,
            "cannot encode column " + (i + 1) + " as " + types[i].name() + ": " + e, e);
      }
      buf.putInt(lengthAt, buf.size() - lengthAt - 4);
    }
    end();
  }

  /** CopyInResponse ('G') or CopyOutResponse ('H'): the overall format and one per column. */
  void copyResponse(boolean in, boolean binary, int columns) throws IOException {
    begin(in ? 'G' : 'H');
    buf.writeByte(binary ? 1 : 0).writeShort(columns);
    for (int i = 0; i < columns; i++) {
      buf.writeShort(binary ? 1 : 0);
    }
    end();
  }

  /** The CopyData before the rows of a COPY TO: binary signature or header line. */
  void copyPreamble(CopyOutEncoder encoder) throws IOException {
    begin('d');
    encoder.preamble(buf);
    end();
  }

  /** One row of a COPY TO as CopyData; a value that cannot be encoded leaves no partial message. */
  void copyRow(CopyOutEncoder encoder, QueryResult row) throws IOException {
    begin('d');
    try {
      encoder.row(row, buf);
    } catch (PgException e) {
      buf.truncate(messageStart);
      throw e;
    } catch (RuntimeException e) {
      buf.truncate(messageStart);
      throw new PgException(SqlState.INTERNAL_ERROR, "cannot encode a row for COPY: " + e, e);
    }
    end();
  }

  void copyBinaryTrailer(CopyOutEncoder encoder) throws IOException {
    begin('d');
    encoder.binaryTrailer(buf);
    end();
  }

  void copyDone() throws IOException {
    begin('c');
    end();
  }

  /** ErrorResponse, or NoticeResponse for severity "NOTICE" or "WARNING". */
  void error(String severity, String code, String message, String detail, String hint) throws IOException {
    error(severity, code, message, detail, hint, null, 0);
  }

  /**
   * As above, with the context field ("where"), e.g. the COPY line an error is about, and the
   * statement's character it is at (1-based, 0 for none).
   */
  void error(String severity, String code, String message, String detail, String hint, String where, int position)
      throws IOException {
    if (messageStart >= 0) {
      buf.truncate(messageStart);
    }
    begin(severity.equals("NOTICE") || severity.equals("WARNING") ? 'N' : 'E');
    buf.writeByte('S').writeCString(severity);
    buf.writeByte('V').writeCString(severity);
    buf.writeByte('C').writeCString(code);
    buf.writeByte('M').writeCString(message == null ? "" : message);
    if (detail != null) {
      buf.writeByte('D').writeCString(detail);
    }
    if (hint != null) {
      buf.writeByte('H').writeCString(hint);
    }
    if (position > 0) {
      buf.writeByte('P').writeCString(Integer.toString(position));
    }
    if (where != null) {
      buf.writeByte('W').writeCString(where);
    }
    buf.writeByte(0);
    end();
  }
}

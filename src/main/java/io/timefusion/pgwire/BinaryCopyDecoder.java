package io.timefusion.pgwire;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.pgwire.types.PgType;
import io.timefusion.pgwire.types.PgTypes;
import io.timefusion.pgwire.types.StringType;
import io.timefusion.sql.CopyIn;
import io.timefusion.sql.ResultColumn;

/**
 * PostgreSQL's binary COPY format: the {@code PGCOPY} signature, flags and header extension, then
 * per tuple a 16-bit field count and per field a 32-bit length (-1 for NULL) and the value in the
 * type's binary encoding, read by the same {@link PgType} classes that read binary parameters;
 * a field count of -1 ends the data.
 */
final class BinaryCopyDecoder extends CopyInDecoder {
  private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

  private final PgType[] types;
  /** Columns whose binary form is their UTF-8 text (text, json): handed over as text, checked there. */
  private final boolean[] textual;
  private final int[] offsets;
  private final int[] lengths;
  private boolean headerRead;

  BinaryCopyDecoder(CopyIn sink) {
    super(sink);
    types = new PgType[fields];
    textual = new boolean[fields];
    for (int i = 0; i < fields; i++) {
      ResultColumn c = sink.targetColumns().get(i);
      types[i] = PgTypes.byOid(c.typeOid());
      if (types[i] == null) throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "no binary input for column " + c.name());
      textual[i] = types[i] instanceof StringType;
    }
    offsets = new int[fields];
    lengths = new int[fields];
  }

  @Override
  void decode(boolean atEnd) {
    if (!headerRead && !readHeader()) {
      if (atEnd) throw truncated();
      return;
    }
    byte[] b = buf;
    while (!done) {
      int p = start;
      if (end - p < 2) break;
      int count = (short) (((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF));
      if (count == -1) {
        done = true;
        start = p + 2;
        if (start < end) throw afterTrailer();
        return;
      }
      line++;
      if (count != fields) {
        throw new PgException(SqlState.BAD_COPY_FILE_FORMAT, "row field count is " + count + ", expected " + fields)
            .withContext(lineContext(-1, -1));
      }
      p += 2;
      boolean complete = true;
      for (int i = 0; i < fields; i++) {
        if (end - p < 4) {
          complete = false;
          break;
        }
        int len = getInt(b, p);
        p += 4;
        if (len < -1) {
          throw new PgException(SqlState.BAD_COPY_FILE_FORMAT, "invalid field size").withContext(lineContext(-1, -1));
        }
        if (len > 0 && end - p < len) {
          complete = false;
          break;
        }
        offsets[i] = p;
        lengths[i] = len;
        if (len > 0) p += len;
      }
      if (!complete) {
        line--;
        break;
      }
      for (int i = 0; i < fields; i++) {
        if (lengths[i] < 0) continue;
        if (textual[i]) {
          try {
            sink.text(i, b, offsets[i], lengths[i]);
          } catch (PgException e) {
            throw e.where() != null ? e : e.withContext(fieldContext(i));
          }
          continue;
        }
        Object value;
        try {
          value = types[i].readBinary(b, offsets[i], lengths[i]);
        } catch (PgException e) {
          throw new PgException(SqlState.INVALID_BINARY_REPRESENTATION, e.getMessage(), e.detail(), null, e)
              .withContext(fieldContext(i));
        } catch (RuntimeException e) {
          throw new PgException(SqlState.INVALID_BINARY_REPRESENTATION, "incorrect binary data format", e)
              .withContext(fieldContext(i));
        }
        try {
          sink.value(i, value);
        } catch (PgException e) {
          throw e.where() != null ? e : e.withContext(fieldContext(i));
        }
      }
      start = p;
      endRow(-1, -1);
    }
    if (atEnd && !done && start < end) {
      line++; // the tuple cut short
      throw truncated();
    }
  }

  @Override
  void afterEnd(int len) {
    if (len > 0) throw afterTrailer();
  }

  private boolean readHeader() {
    int need = SIGNATURE.length + 8;
    if (end - start < need) return false;
    byte[] b = buf;
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (b[start + i] != SIGNATURE[i]) {
        throw new PgException(SqlState.BAD_COPY_FILE_FORMAT, "COPY file signature not recognized");
      }
    }
    int flags = getInt(b, start + SIGNATURE.length);
    if ((flags & (1 << 16)) != 0) throw new PgException(SqlState.BAD_COPY_FILE_FORMAT, "invalid COPY file header (WITH OIDS)");
    if ((flags & 0xFFFF) != 0) {
      throw new PgException(SqlState.BAD_COPY_FILE_FORMAT, "unrecognized critical flags in COPY file header");
    }
    int extension = getInt(b, start + SIGNATURE.length + 4);
    if (extension < 0) throw new PgException(SqlState.BAD_COPY_FILE_FORMAT, "invalid COPY file header (missing length)");
    if (end - start < need + (long) extension) return false;
    start += need + extension;
    headerRead = true;
    return true;
  }

  private String fieldContext(int field) {
    return "COPY " + sink.table() + ", line " + line + ", column " + columnName(field);
  }

  private PgException truncated() {
    return new PgException(SqlState.BAD_COPY_FILE_FORMAT, "unexpected EOF in COPY data").withContext(lineContext(-1, -1));
  }

  private static PgException afterTrailer() {
    return new PgException(SqlState.BAD_COPY_FILE_FORMAT, "received copy data after EOF marker");
  }

  private static int getInt(byte[] b, int p) {
    return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
  }
}

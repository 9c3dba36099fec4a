package io.timefusion.pgwire;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.sql.CopyIn;
import io.timefusion.sql.CopyOptions;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits the data of a {@code COPY ... FROM STDIN} into rows and fields and hands them to the
 * {@link CopyIn}. The client's CopyData messages may cut rows anywhere, so the bytes not yet
 * consumed are kept until the rest arrives. Errors carry PostgreSQL's context line ({@code COPY
 * t, line 3, column duration: "abc"}).
 */
abstract class CopyInDecoder {
  /** PostgreSQL shows at most this many bytes of a line or value in an error context. */
  private static final int MAX_DISPLAY = 100;

  final CopyIn sink;
  final CopyOptions options;
  final int fields;
  private final String[] names;
  /** Unconsumed data is buf[start, end). */
  byte[] buf = new byte[64 * 1024];
  int start;
  int end;
  /** The line (row) being decoded, from 1, as PostgreSQL numbers them in errors. */
  long line;
  /** True once the end-of-data marker (text, CSV) or trailer (binary) was read. */
  boolean done;

  CopyInDecoder(CopyIn sink) {
    this.sink = sink;
    this.options = sink.options();
    this.fields = sink.targetColumns().size();
    this.names = sink.targetColumns().stream().map(c -> c.name()).toArray(String[]::new);
  }

  static CopyInDecoder of(CopyIn sink) {
    return switch (sink.options().format()) {
      case TEXT -> new TextCopyDecoder(sink);
      case CSV -> new CsvCopyDecoder(sink);
      case BINARY -> new BinaryCopyDecoder(sink);
    };
  }

  /** One CopyData message's payload. */
  final void feed(byte[] data, int off, int len) {
    if (done) {
      afterEnd(len);
      return;
    }
    if (end + len > buf.length) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      shifted(start);
      start = 0;
      if (end + len > buf.length) buf = Arrays.copyOf(buf, Math.max(end + len, buf.length * 2));
    }
    System.arraycopy(data, off, buf, end, len);
    end += len;
    decode(false);
  }

  /** CopyDone: decodes what is left, which must be whole rows. */
  final void finish() {
    if (!done) decode(true);
  }

  /** Decodes every complete row in buf[start, end); at the end of the data, the rest too. */
  abstract void decode(boolean atEnd);

  /** The unconsumed bytes moved {@code by} bytes towards the front of the buffer. */
  void shifted(int by) {}

  /** Data that arrives after the end-of-data marker; text and CSV ignore it, as PostgreSQL does. */
  void afterEnd(int len) {}

  // ---- handing fields over, with PostgreSQL's error context ------------------------------

  final void text(int field, byte[] b, int off, int len) {
    try {
      sink.text(field, b, off, len);
    } catch (PgException e) {
      throw e.where() != null ? e : e.withContext(columnContext(field, b, off, len));
    }
  }

  final void endRow(int lineStart, int lineEnd) {
    try {
      sink.endRow();
    } catch (PgException e) {
      throw e.where() != null ? e : e.withContext(lineContext(lineStart, lineEnd));
    }
  }

  final String columnName(int field) {
    return names[field];
  }

  final String columnContext(int field, byte[] b, int off, int len) {
    return "COPY " + sink.table() + ", line " + line + ", column " + names[field] + ": \"" + display(b, off, len) + "\"";
  }

  /** Context naming the line and showing it (lineStart < 0: only naming it). */
  final String lineContext(int lineStart, int lineEnd) {
    String at = "COPY " + sink.table() + ", line " + line;
    return lineStart < 0 ? at : at + ": \"" + display(buf, lineStart, lineEnd - lineStart) + "\"";
  }

  final PgException badFormat(String message, int lineStart, int lineEnd) {
    return badFormat(message, null, lineStart, lineEnd);
  }

  final PgException badFormat(String message, String hint, int lineStart, int lineEnd) {
    return new PgException(SqlState.BAD_COPY_FILE_FORMAT, message, null, hint, null)
        .withContext(lineContext(lineStart, lineEnd));
  }

  /** At most {@link #MAX_DISPLAY} bytes, cut at a character boundary, then "...". */
  private static String display(byte[] b, int off, int len) {
    if (len <= MAX_DISPLAY) return new String(b, off, len, StandardCharsets.UTF_8);
    int n = MAX_DISPLAY;
    while (n > 0 && (b[off + n] & 0xC0) == 0x80) n--;
    return new String(b, off, n, StandardCharsets.UTF_8) + "...";
  }
}

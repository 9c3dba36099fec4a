package io.timefusion.pgwire;

import io.timefusion.sql.CopyIn;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * PostgreSQL's text COPY format: one row per line, fields split by the delimiter (tab), the null
 * string ({@code \N}) compared before escapes are resolved, backslash escapes ({@code \t \n \\ \b
 * \f \r \v}, octal {@code \123}, hex {@code \x41}; any other escaped character stands for itself),
 * and {@code \.} alone on a line ending the data.
 */
final class TextCopyDecoder extends CopyInDecoder {
  private final byte delimiter;
  private final byte[] nullBytes;
  /** Where the search for the end of the current line resumes. */
  private int scan;
  private boolean headerPending;
  private byte[] scratch = new byte[256];

  TextCopyDecoder(CopyIn sink) {
    super(sink);
    this.delimiter = options.delimiter();
    this.nullBytes = options.nullString().getBytes(StandardCharsets.UTF_8);
    this.headerPending = options.header();
  }

  @Override
  void shifted(int by) {
    scan -= by;
  }

  @Override
  void decode(boolean atEnd) {
    byte[] b = buf;
    int p = Math.max(scan, start);
    while (!done) {
      // The line ends at the first newline no backslash escapes.
      int stop = end;
      while (p < stop) {
        byte c = b[p];
        if (c == '\n') break;
        if (c == '\\') {
          if (p + 1 >= stop) break;
          p += 2;
        } else {
          p++;
        }
      }
      int lineEnd;
      if (p < stop && b[p] == '\n') {
        lineEnd = p;
      } else if (atEnd && start < end) {
        lineEnd = end; // the last line may lack its newline
        p = end;
      } else {
        scan = p;
        return;
      }
      line++;
      row(start, lineEnd);
      start = done ? end : Math.min(lineEnd + 1, end);
      p = start;
      if (atEnd && start >= end) break;
    }
    scan = start;
  }

  private void row(int ls, int le) {
    byte[] b = buf;
    int content = le > ls && b[le - 1] == '\r' ? le - 1 : le;
    if (content - ls == 2 && b[ls] == '\\' && b[ls + 1] == '.') {
      done = true;
      return;
    }
    if (headerPending) {
      headerPending = false;
      if (options.headerMatch()) checkHeader(ls, content);
      return;
    }
    int field = 0;
    int fs = ls;
    boolean escaped = false;
    int i = ls;
    while (true) {
      boolean last = i >= le;
      byte c = last ? 0 : b[i];
      if (!last && c == '\\') {
        escaped = true;
        i += 2;
        continue;
      }
      if (!last && c == '\r') {
        if (i != le - 1) {
          throw badFormat("literal carriage return found in data", "Use \"\\r\" to represent carriage return.", ls, le);
        }
        last = true; // the CR of a CRLF line end
      }
      if (last || c == delimiter) {
        int fe = Math.min(i, le);
        if (field >= fields) throw badFormat("extra data after last expected column", ls, le);
        field(field, fs, fe, escaped);
        field++;
        if (last) break;
        fs = ++i;
        escaped = false;
        continue;
      }
      i++;
    }
    if (field < fields) throw badFormat("missing data for column \"" + columnName(field) + "\"", ls, le);
    endRow(ls, le);
  }

  private void field(int field, int fs, int fe, boolean escaped) {
    byte[] b = buf;
    int n = fe - fs;
    if (n == nullBytes.length && Arrays.equals(b, fs, fe, nullBytes, 0, n)) return;
    if (!escaped) {
      text(field, b, fs, n);
      return;
    }
    if (scratch.length < n) scratch = new byte[Math.max(n, scratch.length * 2)];
    byte[] out = scratch;
    int o = 0;
    for (int i = fs; i < fe; i++) {
      byte c = b[i];
      if (c != '\\' || i + 1 >= fe) {
        out[o++] = c;
        continue;
      }
      c = b[++i];
      switch (c) {
        case 'b' -> out[o++] = '\b';
        case 'f' -> out[o++] = '\f';
        case 'n' -> out[o++] = '\n';
        case 'r' -> out[o++] = '\r';
        case 't' -> out[o++] = '\t';
        case 'v' -> out[o++] = 0x0B;
        case 'x' -> {
          int v = 0;
          int digits = 0;
          while (digits < 2 && i + 1 < fe && Character.digit(b[i + 1], 16) >= 0) {
            v = v * 16 + Character.digit(b[++i], 16);
            digits++;
          }
          out[o++] = digits == 0 ? (byte) 'x' : (byte) v;
        }
        default -> {
          if (c >= '0' && c <= '7') {
            int v = c - '0';
            for (int k = 1; k < 3 && i + 1 < fe && b[i + 1] >= '0' && b[i + 1] <= '7'; k++) v = v * 8 + (b[++i] - '0');
            out[o++] = (byte) v;
          } else {
            out[o++] = c;
          }
        }
      }
    }
    text(field, out, 0, o);
  }

  private void checkHeader(int ls, int le) {
    String[] got = new String(buf, ls, le - ls, StandardCharsets.UTF_8).split(String.valueOf((char) delimiter), -1);
    if (got.length != fields) {
      throw badFormat("wrong number of fields in header line: got " + got.length + ", expected " + fields, ls, le);
    }
    for (int i = 0; i < fields; i++) {
      if (!got[i].equals(columnName(i))) {
        throw badFormat(
            "column name mismatch in header line field " + (i + 1) + ": got \"" + got[i] + "\", expected \"" + columnName(i) + "\"",
            ls,
            le);
      }
    }
  }
}

package io.timefusion.pgwire;

import io.timefusion.sql.CopyIn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PostgreSQL's CSV COPY format (RFC 4180 with its options): fields split by the delimiter, quoted
 * with the quote character (newlines and delimiters inside quotes are data; the escape character,
 * by default the quote itself, escapes a quote or escape inside quotes). An unquoted field equal
 * to the null string (by default empty) is NULL, a quoted one never is, except for FORCE_NULL
 * columns; FORCE_NOT_NULL columns have no NULL. An unquoted {@code \.} alone on a line ends the
 * data.
 */
final class CsvCopyDecoder extends CopyInDecoder {
  private final byte delimiter;
  private final byte quote;
  private final byte escape;
  private final byte[] nullBytes;
  private final boolean[] forceNotNull;
  private final boolean[] forceNull;
  /** Where the search for the end of the current line resumes, and the quote state there. */
  private int scan;
  private boolean inQuote;
  /** Newlines inside quoted fields of the current row: PostgreSQL counts them as lines. */
  private int embeddedNewlines;
  private boolean headerPending;
  private byte[] scratch = new byte[256];

  CsvCopyDecoder(CopyIn sink) {
    super(sink);
    this.delimiter = options.delimiter();
    this.quote = options.quote();
    this.escape = options.escape();
    this.nullBytes = options.nullString().getBytes(StandardCharsets.UTF_8);
    this.forceNotNull = options.forceNotNull();
    this.forceNull = options.forceNull();
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
      // The line ends at the first newline outside quotes.
      int stop = end;
      boolean q = inQuote;
      while (p < stop) {
        byte c = b[p];
        if (q) {
          if (c == escape && escape != quote) {
            if (p + 1 >= stop) break;
            byte next = b[p + 1];
            p += next == quote || next == escape ? 2 : 1;
            continue;
          }
          if (c == quote) q = false;
          else if (c == '\n') embeddedNewlines++;
        } else if (c == '\n') {
          break;
        } else if (c == quote) {
          q = true;
        }
        p++;
      }
      int lineEnd;
      if (p < stop && b[p] == '\n' && !q) {
        lineEnd = p;
      } else if (atEnd && start < end) {
        if (q) {
          line++;
          throw badFormat("unterminated CSV quoted field", start, end);
        }
        lineEnd = end;
        p = end;
      } else {
        scan = p;
        inQuote = q;
        return;
      }
      inQuote = false;
      line += 1 + embeddedNewlines;
      embeddedNewlines = 0;
      row(start, lineEnd);
      start = done ? end : Math.min(lineEnd + 1, end);
      p = start;
      if (atEnd && start >= end) break;
    }
    scan = start;
  }

  private void row(int ls, int le) {
    byte[] b = buf;
    // A CR right before the newline is a CRLF line end (the newline was outside quotes, so is it).
    if (le > ls && b[le - 1] == '\r') le--;
    if (le - ls == 2 && b[ls] == '\\' && b[ls + 1] == '.') {
      done = true;
      return;
    }
    if (headerPending) {
      headerPending = false;
      if (options.headerMatch()) checkHeader(ls, le);
      return;
    }
    int field = 0;
    int p = ls;
    while (true) {
      int fs = p;
      // Fast path: an unquoted field is a slice of the line.
      while (p < le) {
        byte c = b[p];
        if (c == delimiter || c == quote) break;
        if (c == '\r') {
          throw badFormat("unquoted carriage return found in data", "Use quoted CSV field to represent carriage return.", ls, le);
        }
        p++;
      }
      if (field >= fields) throw badFormat("extra data after last expected column", ls, le);
      if (p >= le || b[p] == delimiter) {
        int n = p - fs;
        boolean isNull = n == nullBytes.length && Arrays.equals(b, fs, p, nullBytes, 0, n);
        if (!isNull || forceNotNull[field]) text(field, b, fs, n);
      } else {
        p = quotedField(field, fs, p, ls, le);
      }
      field++;
      if (p >= le) break;
      p++; // the delimiter
    }
    if (field < fields) throw badFormat("missing data for column \"" + columnName(field) + "\"", ls, le);
    endRow(ls, le);
  }

  /**
   * A field with quotes, from {@code fs}; {@code p} is at its first quote. Returns the index of
   * the delimiter after it, or the line end.
   */
  private int quotedField(int field, int fs, int p, int ls, int le) {
    byte[] b = buf;
    if (scratch.length < le - fs) scratch = new byte[Math.max(le - fs, scratch.length * 2)];
    byte[] out = scratch;
    int o = p - fs;
    System.arraycopy(b, fs, out, 0, o);
    boolean q = false;
    while (p < le) {
      byte c = b[p];
      if (!q) {
        if (c == delimiter) break;
        if (c == quote) {
          q = true;
        } else if (c == '\r') {
          throw badFormat("unquoted carriage return found in data", "Use quoted CSV field to represent carriage return.", ls, le);
        } else {
          out[o++] = c;
        }
        p++;
        continue;
      }
      if (c == escape && p + 1 < le && (b[p + 1] == quote || b[p + 1] == escape)) {
        out[o++] = b[p + 1];
        p += 2;
        continue;
      }
      if (c == quote) q = false;
      else out[o++] = c;
      p++;
    }
    if (q) throw badFormat("unterminated CSV quoted field", ls, le);
    boolean isNull = forceNull[field] && o == nullBytes.length && Arrays.equals(out, 0, o, nullBytes, 0, o);
    if (!isNull) text(field, out, 0, o);
    return p;
  }

  private void checkHeader(int ls, int le) {
    List<String> got = new ArrayList<>();
    int p = ls;
    StringBuilder name = new StringBuilder();
    boolean q = false;
    while (p <= le) {
      byte c = p < le ? buf[p] : delimiter;
      if (!q && c == delimiter) {
        got.add(name.toString());
        name.setLength(0);
      } else if (c == quote) {
        q = !q;
      } else {
        name.append((char) (c & 0xFF));
      }
      p++;
    }
    if (got.size() != fields) {
      throw badFormat("wrong number of fields in header line: got " + got.size() + ", expected " + fields, ls, le);
    }
    for (int i = 0; i < fields; i++) {
      String n = new String(got.get(i).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
      if (!n.equals(columnName(i))) {
        throw badFormat(
            "column name mismatch in header line field " + (i + 1) + ": got \"" + n + "\", expected \"" + columnName(i) + "\"",
            ls,
            le);
      }
    }
  }
}

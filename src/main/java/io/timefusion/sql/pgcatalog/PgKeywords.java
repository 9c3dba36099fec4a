package io.timefusion.sql.pgcatalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's SQL keywords (the resource {@code pgcatalog/keywords.tsv}, recorded from
 * PostgreSQL 15's pg_get_keywords()): what pg_get_keywords() lists and which words quote_ident
 * quotes. DuckDB's parser descends from PostgreSQL's, but its keyword categories differ.
 */
final class PgKeywords {
  private static final String RESOURCE = "pgcatalog/keywords.tsv";

  /** One keyword: its category code (U, C, T or R) and whether it may be a bare column label. */
  record Keyword(String word, String catcode, boolean barelabel) {}

  private PgKeywords() {}

  static List<Keyword> all() {
    List<Keyword> out = new ArrayList<>();
    try (InputStream in = PgKeywords.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] f = line.split("\t");
        out.add(new Keyword(f[0], f[1], f[2].equals("t")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return out;
  }

  /** The keywords quote_ident quotes: all but the unreserved ones. */
  static List<String> quoted() {
    return all().stream().filter(k -> !k.catcode().equals("U")).map(Keyword::word).toList();
  }
}

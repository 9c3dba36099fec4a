package io.timefusion.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's jsonb semantics over JSON text, which is how DuckDB holds both json and jsonb: the
 * text jsonb prints (keys sorted shorter first, then by their bytes, the last of duplicate keys
 * kept, numbers as numeric prints them, {@code ", "} and {@code ": "} between items), {@code
 * jsonb_pretty}'s layout, and containment ({@code @>}), each after PostgreSQL's {@code jsonb.c}
 * and {@code jsonb_util.c} (see NOTICE).
 */
public final class PgJsonb {
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private PgJsonb() {}

  /** A malformed JSON text: PostgreSQL's 22P02, raised inside a DuckDB function. */
  public static final class InvalidJson extends RuntimeException {
    InvalidJson(String message) {
      super(message, null, false, false);
    }

    /** DuckDB reports a Java function's exception by its toString(): the message alone. */
    @Override
    public String toString() {
      return getMessage();
    }
  }

  /** The text PostgreSQL prints for {@code json::jsonb}. */
  public static String text(String json) {
    return print(parse(json), false);
  }

  /** {@code jsonb_pretty(json)}. */
  public static String pretty(String json) {
    return print(parse(json), true);
  }

  /** {@code a @> b} for jsonb. */
  public static boolean contains(String a, String b) {
    JsonNode val = parse(a);
    JsonNode tmpl = parse(b);
    // jsonb_contains: an object contains only objects, an array or a scalar only arrays or scalars
    if (val.isObject() != tmpl.isObject()) return false;
    return deepContains(val, !val.isContainerNode(), tmpl, !tmpl.isContainerNode());
  }

  /**
   * {@code json} as a tree whose numbers keep the digits written (BigDecimal, 1.50 not 1.5), the
   * last of duplicate keys kept; {@link InvalidJson} when it is no JSON.
   */
  public static JsonNode parse(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      if (n == null || n.isMissingNode()) throw new InvalidJson("invalid input syntax for type json");
      return n;
    } catch (JsonProcessingException e) {
      throw new InvalidJson("invalid input syntax for type json");
    }
  }

  /**
   * JsonbDeepContains: a raw scalar is PostgreSQL's one-element array marked raw, which may contain
   * a raw scalar but no array.
   */
  private static boolean deepContains(JsonNode val, boolean valRaw, JsonNode tmpl, boolean tmplRaw) {
    boolean valObject = val.isObject();
    if (valObject != tmpl.isObject()) return false;
    if (valObject) {
      for (Iterator<Map.Entry<String, JsonNode>> it = tmpl.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> pair = it.next();
        JsonNode lhs = val.get(pair.getKey());
        JsonNode rhs = pair.getValue();
        if (lhs == null || lhs.isContainerNode() != rhs.isContainerNode()) return false;
        if (rhs.isContainerNode() ? !deepContains(lhs, false, rhs, false) : !scalarEquals(lhs, rhs)) return false;
      }
      return true;
    }
    if (valRaw && !tmplRaw) return false;
    List<JsonNode> lhs = valRaw ? List.of(val) : elements(val);
    List<JsonNode> rhs = tmplRaw ? List.of(tmpl) : elements(tmpl);
    for (JsonNode r : rhs) {
      boolean found = false;
      for (JsonNode l : lhs) {
        found = r.isContainerNode()
            ? l.isContainerNode() && deepContains(l, false, r, false)
            : !l.isContainerNode() && scalarEquals(l, r);
        if (found) break;
      }
      if (!found) return false;
    }
    return true;
  }

  private static List<JsonNode> elements(JsonNode array) {
    List<JsonNode> out = new ArrayList<>(array.size());
    array.elements().forEachRemaining(out::add);
    return out;
  }

  /** equalsJsonbScalarValue: same type, numbers by value (1.0 equals 1), strings by their bytes. */
  private static boolean scalarEquals(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
    if (a.isTextual() && b.isTextual()) return a.textValue().equals(b.textValue());
    if (a.isBoolean() && b.isBoolean()) return a.booleanValue() == b.booleanValue();
    return a.isNull() && b.isNull();
  }

  /**
   * JsonbToCStringWorker: the same walk prints jsonb's text and, with {@code indent}, jsonb_pretty's
   * (four spaces a level, a lone {@code ,} between items, empty containers over two lines).
   */
  private static String print(JsonNode root, boolean indent) {
    StringBuilder out = new StringBuilder();
    if (!root.isContainerNode()) {
      scalar(root, out);
      return out.toString();
    }
    new Printer(out, indent).container(root, false);
    return out.toString();
  }

  private static final class Printer {
    private final StringBuilder out;
    private final boolean indent;
    private final String separator;
    private int level;
    private boolean first = true;
    /** Not before the very first token. */
    private boolean useIndent;

    Printer(StringBuilder out, boolean indent) {
      this.out = out;
      this.indent = indent;
      this.separator = indent ? "," : ", ";
    }

    /** A container's tokens; {@code afterKey} when it is an object's value (it opens on the key's line). */
    void container(JsonNode n, boolean afterKey) {
      if (!first) out.append(separator);
      newline(useIndent && !afterKey, level);
      out.append(n.isObject() ? '{' : '[');
      first = true;
      level++;
      useIndent = indent;
      if (n.isObject()) {
        for (String key : sortedKeys(n)) {
          if (!first) out.append(separator);
          first = true;
          newline(useIndent, level);
          string(key, out);
          out.append(": ");
          JsonNode value = n.get(key);
          if (value.isContainerNode()) {
            container(value, true);
          } else {
            first = false;
            scalar(value, out);
          }
        }
      } else {
        for (JsonNode e : n) {
          if (e.isContainerNode()) {
            container(e, false);
          } else {
            if (!first) out.append(separator);
            first = false;
            newline(useIndent, level);
            scalar(e, out);
          }
        }
      }
      level--;
      newline(useIndent, level);
      out.append(n.isObject() ? '}' : ']');
      first = false;
    }

    private void newline(boolean yes, int depth) {
      if (yes) out.append('\n').append(" ".repeat(depth * 4));
    }
  }

  /** jsonb's key order: shorter keys first, keys of one length by their UTF-8 bytes. */
  private static List<String> sortedKeys(JsonNode object) {
    List<String> keys = new ArrayList<>(object.size());
    object.fieldNames().forEachRemaining(keys::add);
    if (keys.size() < 2) return keys;
    boolean ascii = true;
    for (String k : keys) ascii &= k.chars().allMatch(c -> c < 0x80);
    // ASCII's UTF-8 bytes are its chars: no encoding per comparison
    keys.sort(ascii ? ASCII_KEY_ORDER : UTF8_KEY_ORDER);
    return keys;
  }

  private static final Comparator<String> ASCII_KEY_ORDER = Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());
  private static final Comparator<String> UTF8_KEY_ORDER =
      (x, y) -> {
        byte[] a = x.getBytes(StandardCharsets.UTF_8);
        byte[] b = y.getBytes(StandardCharsets.UTF_8);
        return a.length != b.length ? Integer.compare(a.length, b.length) : Arrays.compareUnsigned(a, b);
      };

  private static void scalar(JsonNode v, StringBuilder out) {
    if (v.isTextual()) {
      string(v.textValue(), out);
    } else if (v.isIntegralNumber()) {
      out.append(v.asText());
    } else if (v.isNumber()) {
      // numeric_out: the digits as written, exponent expanded (1e2 is 100, 1.50 stays 1.50)
      BigDecimal d = v.decimalValue();
      out.append(d.signum() == 0 && d.scale() < 0 ? "0" : d.toPlainString());
    } else {
      out.append(v.asText());
    }
  }

  /** escape_json: the two-character escapes, \\u00xx for other control characters. */
  static void string(String s, StringBuilder out) {
    out.append('"');
    int plain = 0;
    while (plain < s.length() && s.charAt(plain) >= 0x20 && s.charAt(plain) != '"' && s.charAt(plain) != '\\') plain++;
    out.append(s, 0, plain);
    for (int i = plain; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    out.append('"');
  }
}

package io.envbook.parsers;

import io.envbook.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The part of Python's {@code ast.literal_eval} that models write in XML-style parameters and that
 * {@code json.dumps} can write back: {@code True}, {@code False}, {@code None}, decimal numbers,
 * quoted strings, lists, tuples (as lists) and dicts with string or integer keys. Anything else
 * (sets, bytes, complex numbers, expressions) is not a literal here and stays text.
 */
final class PyLiteral {
  private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();
  private final String s;
  private int i;

  private PyLiteral(String s) {
    this.s = s;
  }

  /** The literal as JSON, or null when the text is not one. */
  static JsonNode parse(String text) {
    if (text.isEmpty() || "[({'\"+-.0123456789TFN".indexOf(text.charAt(0)) < 0) {
      return null;
    }
    PyLiteral p = new PyLiteral(text);
    try {
      JsonNode v = p.value();
      p.space();
      return p.i == text.length() ? v : null;
    } catch (NotALiteral | NumberFormatException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  /** Thrown (without a stack trace, it is cheap) when the text is not a literal. */
  private static final class NotALiteral extends RuntimeException {
    NotALiteral(String why) {
      super(why, null, false, false);
    }
  }

  private JsonNode value() {
    space();
    char c = s.charAt(i);
    if (c == '[' || c == '(') {
      return sequence(c == '[' ? ']' : ')');
    }
    if (c == '{') {
      return dict();
    }
    if (c == '\'' || c == '"') {
      StringBuilder sb = new StringBuilder(string());
      // 'a' 'b' is 'ab' in Python
      for (space(); i < s.length() && (s.charAt(i) == '\'' || s.charAt(i) == '"'); space()) {
        sb.append(string());
      }
      return NODES.stringNode(sb.toString());
    }
    for (String word : new String[] {"True", "False", "None"}) {
      if (s.startsWith(word, i) && (i + word.length() == s.length() || !Character.isJavaIdentifierPart(s.charAt(i + word.length())))) {
        i += word.length();
        return word.equals("None") ? NODES.nullNode() : NODES.booleanNode(word.equals("True"));
      }
    }
    return number();
  }

  /** A list or tuple; {@code (x)} without a comma is just {@code x}. */
  private JsonNode sequence(char close) {
    ArrayNode a = NODES.arrayNode();
    boolean comma = false;
    i++;
    while (true) {
      space();
      if (s.charAt(i) == close) {
        i++;
        return close == ')' && a.size() == 1 && !comma ? a.get(0) : a;
      }
      a.add(value());
      space();
      comma = s.charAt(i) == ',';
      if (comma) {
        i++;
      } else if (s.charAt(i) != close) {
        throw new NotALiteral("expected , or " + close);
      }
    }
  }

  private ObjectNode dict() {
    ObjectNode o = NODES.objectNode();
    i++;
    while (true) {
      space();
      if (s.charAt(i) == '}') {
        i++;
        return o;
      }
      JsonNode key = value();
      if (!key.isString() && !key.isIntegralNumber()) {
        throw new NotALiteral("json.dumps writes only string and integer keys");
      }
      space();
      expect(':');
      o.set(key.isString() ? key.asString() : key.bigIntegerValue().toString(), value());
      space();
      if (s.charAt(i) == ',') {
        i++;
      } else if (s.charAt(i) != '}') {
        throw new NotALiteral("expected , or }");
      }
    }
  }

  private String string() {
    char quote = s.charAt(i++);
    if (s.startsWith(String.valueOf(quote).repeat(2), i)) {
      throw new NotALiteral("triple-quoted strings are not read");
    }
    StringBuilder sb = new StringBuilder();
    for (char c = s.charAt(i++); c != quote; c = s.charAt(i++)) {
      if (c == '\n') {
        throw new NotALiteral("a line break inside a string");
      }
      if (c == '\\') {
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case '\\', '\'', '"' -> sb.append(e);
          case 'u' -> {
            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> sb.append('\\').append(e);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private JsonNode number() {
    int start = i;
    if (s.charAt(i) == '-' || s.charAt(i) == '+') {
      i++;
    }
    int digits = i;
    while (i < s.length() && (Character.isDigit(s.charAt(i)) || ".eE".indexOf(s.charAt(i)) >= 0
        || ((s.charAt(i) == '-' || s.charAt(i) == '+') && "eE".indexOf(s.charAt(i - 1)) >= 0))) {
      i++;
    }
    String t = s.substring(start, i);
    String body = s.substring(digits, i);
    if (body.isEmpty() || !Character.isDigit(body.charAt(0)) && !(body.length() > 1 && body.charAt(0) == '.')) {
      throw new NotALiteral("not a literal");
    }
    if (body.matches("\\d+")) {
      if (body.length() > 1 && body.charAt(0) == '0') {
        throw new NotALiteral("leading zeros");
      }
      return NODES.numberNode(new java.math.BigInteger(t.startsWith("+") ? t.substring(1) : t));
    }
    return NODES.numberNode(Double.parseDouble(t));
  }

  private void space() {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
      i++;
    }
  }

  private void expect(char c) {
    if (s.charAt(i++) != c) {
      throw new NotALiteral("expected " + c);
    }
  }
}

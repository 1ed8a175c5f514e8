package io.envbook.kernel.groovy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The expression that ends before a dot, read backwards from the dot: a chain of names, each maybe
 * called ({@code name(...)}), indexed ({@code name[...]}) or both ({@code name(...)[...]}), joined by dots, or a lone literal
 * (a string, a number, a list or map). Arguments and indexes are skipped, not read.
 *
 * @param literal the literal's type when the expression is a literal, else {@code null}
 * @param segments the names from the first to the last
 */
record ExpressionChain(Class<?> literal, List<Segment> segments) {
  /** One name of the chain. */
  record Segment(String name, boolean call, boolean index) {}

  /** The chain ending at {@code end} (exclusive), or {@code null} when there is none to follow. */
  static ExpressionChain parse(String code, int end) {
    List<Segment> segments = new ArrayList<>();
    int i = end;
    while (true) {
      boolean call = false;
      boolean index = false;
      if (i > 0 && code.charAt(i - 1) == ']') {
        int o = open(code, i - 1, '[', ']');
        if (o > 0 && (Character.isJavaIdentifierPart(code.charAt(o - 1)) || code.charAt(o - 1) == ')')) {
          i = o;
          index = true;
        }
      }
      if (i > 0 && code.charAt(i - 1) == ')') { // name(...) or name(...)[...]
        i = open(code, i - 1, '(', ')');
        call = true;
      }
      if (i < 0) {
        return null;
      }
      int s = i;
      while (s > 0 && Character.isJavaIdentifierPart(code.charAt(s - 1))) {
        s--;
      }
      String name = code.substring(s, i);
      if (name.isEmpty()) {
        if (!segments.isEmpty() || call || index) {
          return null;
        }
        Class<?> literal = literal(code, i);
        return literal == null ? null : new ExpressionChain(literal, List.of());
      }
      segments.add(0, new Segment(name, call, index));
      i = s;
      if (i > 0 && code.charAt(i - 1) == '.') {
        i--;
        continue;
      }
      return new ExpressionChain(null, segments);
    }
  }

  private static Class<?> literal(String code, int end) {
    if (end <= 0) {
      return null;
    }
    char c = code.charAt(end - 1);
    if (c == '\'' || c == '"') {
      return String.class;
    }
    if (c == ']') {
      int o = open(code, end - 1, '[', ']');
      if (o < 0) {
        return null;
      }
      String inside = code.substring(o + 1, end - 1);
      return inside.strip().equals(":") || topLevelColon(inside) ? LinkedHashMap.class : ArrayList.class;
    }
    if (Character.isDigit(c)) {
      int s = end;
      while (s > 0 && (Character.isDigit(code.charAt(s - 1)) || code.charAt(s - 1) == '.')) {
        s--;
      }
      return code.substring(s, end).contains(".") ? java.math.BigDecimal.class : Integer.class;
    }
    return null;
  }

  private static boolean topLevelColon(String s) {
    int depth = 0;
    for (char ch : s.toCharArray()) {
      if (ch == '[' || ch == '(' || ch == '{') {
        depth++;
      } else if (ch == ']' || ch == ')' || ch == '}') {
        depth--;
      } else if (ch == ':' && depth == 0) {
        return true;
      }
    }
    return false;
  }

  /** The index of the bracket opening the one closing at {@code close}, or -1. */
  private static int open(String code, int close, char opening, char closing) {
    int depth = 0;
    for (int i = close; i >= 0; i--) {
      char ch = code.charAt(i);
      if (ch == closing) {
        depth++;
      } else if (ch == opening && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}

package io.envbook.parsers;

import io.envbook.json.Json;
import io.envbook.json.PyJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random tool-call arguments as a model writes them, for {@link ParserCorpus}: names, nested and
 * unicode values, escapes, strings that hold another format's tags, and the texts of these values
 * as JSON (compact, spaced, pretty, ASCII-escaped) or as a Python literal.
 */
final class CorpusValues {
  static final List<String> NAMES = List.of("terminal", "read_file", "write_file", "search", "get_weather", "patch", "list_dir",
      "web.fetch", "run_tests");
  static final List<String> KEYS = List.of("command", "path", "content", "query", "city", "timeout", "limit", "recursive", "options",
      "items", "pattern", "note");
  /** Strings a model really passes, plus the tags of every format and what breaks naive scanning. */
  static final List<String> STRINGS = List.of("ls -la", "src/main.py", "grep -rn 'TODO' src/ | head -n 50", "héllo wörld", "日本語のテキスト",
      "emoji 🎉 ok", "say \"hi\"", "C:\\Users\\me", "line1\nline2\n", "\tindented", "  padded  ", "", "{not json}", "{\"a\": 1}",
      "[1, 2]", "True", "null", "42", "<tool_call>", "</tool_call>", "<|python_tag|>", "[TOOL_CALLS]", "<function=rm>", "</function>",
      "<parameter=x>", "<arg_key>k</arg_key>", "```json", "</think>", "<think>", "a}b{c", "print(f\"{x}\")", "😀 \u2028 sep", "def f():\n    return 1\n");

  private final Random random;

  CorpusValues(Random random) {
    this.random = random;
  }

  /** An object whose keys keep their order (a {@code Map.of} would change it from run to run). */
  static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  int between(int lo, int hi) {
    return lo + random.nextInt(hi - lo + 1);
  }

  Map<String, Object> arguments() {
    Map<String, Object> m = new LinkedHashMap<>();
    int n = between(0, 3);
    for (int i = 0; i < n; i++) {
      m.put(pick(KEYS), value(0));
    }
    return m;
  }

  /** A scalar, or (not too deep) a list or an object. */
  Object value(int depth) {
    int kind = random.nextInt(depth < 2 ? 10 : 7);
    return switch (kind) {
      case 0, 1, 2, 3 -> pick(STRINGS);
      case 4 -> chance(0.5) ? (Object) (long) between(-5, 5000) : (Object) (between(0, 999) / 8.0);
      case 5 -> chance(0.5);
      case 6 -> chance(0.3) ? null : pick(STRINGS);
      case 7, 8 -> {
        List<Object> l = new ArrayList<>();
        for (int i = between(0, 3); i > 0; i--) {
          l.add(value(depth + 1));
        }
        yield l;
      }
      default -> {
        Map<String, Object> o = new LinkedHashMap<>();
        for (int i = between(0, 2); i > 0; i--) {
          o.put(pick(KEYS), value(depth + 1));
        }
        yield o;
      }
    };
  }

  /** JSON in one of the styles models write: 0 compact, 1 Python's spacing, 2 pretty, 3 ASCII-escaped. */
  String json(Object v) {
    StringBuilder sb = new StringBuilder();
    json(v, random.nextInt(4), 0, sb);
    return sb.toString();
  }

  static void json(Object v, int style, int indent, StringBuilder sb) {
    String comma = style == 0 ? "," : ", ";
    String colon = style == 0 ? ":" : ": ";
    if (v instanceof Map<?, ?> m) {
      sb.append('{');
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(i++ > 0 ? (style == 2 ? "," : comma) : "");
        newline(style, indent + 1, sb);
        string((String) e.getKey(), style == 3, sb);
        sb.append(colon);
        json(e.getValue(), style, indent + 1, sb);
      }
      if (!m.isEmpty()) {
        newline(style, indent, sb);
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        sb.append(i > 0 ? comma : "");
        json(l.get(i), style, indent, sb);
      }
      sb.append(']');
    } else if (v instanceof String s) {
      string(s, style == 3, sb);
    } else {
      sb.append(v);
    }
  }

  private static void newline(int style, int indent, StringBuilder sb) {
    if (style == 2) {
      sb.append('\n').append("  ".repeat(indent));
    }
  }

  /** A JSON string as Python's json.dumps writes it, with {@code ensure_ascii} or without. */
  static void string(String s, boolean ascii, StringBuilder sb) {
    String json = PyJson.dumps(Json.MAPPER.getNodeFactory().stringNode(s));
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      sb.append(ascii && c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
  }

  /** A value as Python's {@code repr} writes it: single quotes, {@code True}, {@code None}. */
  static String python(Object v) {
    if (v == null) {
      return "None";
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof String s) {
      return s.contains("'") ? quoted(s) : "'" + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t") + "'";
    }
    if (v instanceof List<?> l) {
      return "[" + String.join(", ", l.stream().map(CorpusValues::python).toList()) + "]";
    }
    if (v instanceof Map<?, ?> m) {
      return "{" + String.join(", ", m.entrySet().stream().map(e -> python(e.getKey()) + ": " + python(e.getValue())).toList()) + "}";
    }
    return String.valueOf(v);
  }

  private static String quoted(String s) {
    StringBuilder sb = new StringBuilder();
    string(s, false, sb);
    return sb.toString();
  }
}

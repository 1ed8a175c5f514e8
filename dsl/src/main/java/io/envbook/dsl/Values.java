package io.envbook.dsl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns Groovy values into plain Java ones before they leave the DSL: GStrings become Strings, deeply. */
final class Values {
  private Values() {}

  static Object plain(Object v) {
    if (v instanceof CharSequence s && !(v instanceof String)) {
      return s.toString();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(plain(x)));
      return out;
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> plainMap(Map<String, ?> m) {
    return (Map<String, Object>) plain(m);
  }
}

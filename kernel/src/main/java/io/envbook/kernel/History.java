package io.envbook.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The inputs (and text outputs) of the cells run in this kernel session, numbered by execution count,
 * for {@code history_request}: {@code tail}, {@code range} and {@code search} (glob, unique, n).
 */
final class History {
  static final int SESSION = 1;

  record Entry(int line, String input, String output) {}

  private final List<Entry> entries = new ArrayList<>();

  synchronized void add(int line, String input, String output) {
    entries.add(new Entry(line, input, output));
  }

  synchronized List<Entry> tail(int n) {
    return List.copyOf(entries.subList(Math.max(0, entries.size() - n), entries.size()));
  }

  synchronized List<Entry> range(int start, int stop) {
    return entries.stream().filter(e -> e.line() >= start && (stop <= 0 || e.line() < stop)).toList();
  }

  synchronized List<Entry> search(String glob, int n, boolean unique) {
    Pattern p = Pattern.compile(globToRegex(glob), Pattern.DOTALL);
    List<Entry> found = new ArrayList<>();
    for (Entry e : entries) {
      if (p.matcher(e.input()).matches()) {
        found.add(e);
      }
    }
    if (unique) {
      LinkedHashMap<String, Entry> last = new LinkedHashMap<>();
      found.forEach(e -> {
        last.remove(e.input());
        last.put(e.input(), e);
      });
      found = new ArrayList<>(last.values());
    }
    return n > 0 && found.size() > n ? found.subList(found.size() - n, found.size()) : found;
  }

  static String globToRegex(String glob) {
    StringBuilder sb = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> sb.append(".*");
        case '?' -> sb.append('.');
        default -> sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }
}

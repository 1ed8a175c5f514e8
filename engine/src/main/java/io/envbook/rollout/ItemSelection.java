package io.envbook.rollout;

import io.envbook.env.Item;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which items of a dataset a run takes: all, those with given ids, or those matching an expression,
 * either a regular expression found in the id ({@code ^geo-}) or {@code field=regex} found in a field
 * ({@code category=geo}).
 *
 * <pre>{@code
 * ItemSelection.of(List.of("q3", "q7"), null);
 * ItemSelection.of(List.of(), "difficulty=hard");
 * }</pre>
 */
public record ItemSelection(List<String> ids, String matching) {
  public static final ItemSelection ALL = new ItemSelection(List.of(), null);

  public ItemSelection {
    ids = List.copyOf(ids == null ? List.of() : ids);
    matching = matching == null || matching.isBlank() ? null : matching;
    if (matching != null) {
      try {
        Pattern.compile(valuePattern(matching));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("`" + matching + "` is not a regular expression: " + e.getDescription());
      }
    }
  }

  public static ItemSelection of(List<String> ids, String matching) {
    return new ItemSelection(ids, matching);
  }

  public boolean all() {
    return ids.isEmpty() && matching == null;
  }

  public boolean matches(Item item) {
    if (!ids.isEmpty() && !ids.contains(item.id())) {
      return false;
    }
    if (matching == null) {
      return true;
    }
    int eq = fieldSplit(matching);
    String text = eq < 0 ? item.id() : Objects.toString(item.fields().get(matching.substring(0, eq)), null);
    return text != null && Pattern.compile(valuePattern(matching)).matcher(text).find();
  }

  /** A short description for summaries: {@code items q3, q7} or {@code items matching category=geo}. */
  public String describe() {
    return all() ? "all items" : (ids.isEmpty() ? "" : "items " + String.join(", ", ids)) + (ids.isEmpty() || matching == null ? "" : " ")
        + (matching == null ? "" : "items matching " + matching);
  }

  private static String valuePattern(String expr) {
    int eq = fieldSplit(expr);
    return eq < 0 ? expr : expr.substring(eq + 1);
  }

  /** The '=' of {@code field=regex} when what is before it is a plain field name, else -1. */
  private static int fieldSplit(String expr) {
    int eq = expr.indexOf('=');
    return eq > 0 && expr.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_.-]*") ? eq : -1;
  }
}

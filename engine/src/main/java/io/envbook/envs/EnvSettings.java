package io.envbook.envs;

import io.envbook.util.Suggest;
import io.envbook.util.UserError;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings given to a built-in environment on the command line ({@code --set task_timeout=600}), read
 * by name with a default. A setting the environment does not know is refused with the ones it does.
 *
 * <pre>{@code
 * EnvSettings s = EnvSettings.of(Map.of("task_timeout", "600"));
 * s.checkKnown("terminal-bench-2", Set.of("dataset", "task_timeout"));
 * Duration t = s.seconds("task_timeout", 1800);
 * }</pre>
 */
public record EnvSettings(Map<String, String> values) {
  public static final EnvSettings NONE = new EnvSettings(Map.of());

  public EnvSettings {
    values = Map.copyOf(values);
  }

  public static EnvSettings of(Map<String, String> values) {
    return new EnvSettings(values == null ? Map.of() : new LinkedHashMap<>(values));
  }

  /** Refuses any setting not in {@code known}, naming the closest known one. */
  public void checkKnown(String env, Set<String> known) {
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        String hint = Suggest.didYouMean(key, known);
        throw new SettingError(known.isEmpty()
            ? "environment " + env + " takes no settings, but got `" + key + "`"
            : "environment " + env + " has no setting `" + key + "`:" + hint + " Its settings are "
                + String.join(", ", known.stream().sorted().toList()) + ".");
      }
    }
  }

  public String text(String key, String fallback) {
    String v = values.get(key);
    return v == null || v.isBlank() ? fallback : v.strip();
  }

  public int integer(String key, int fallback) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new SettingError("setting " + key + " must be a whole number, got `" + v + "`");
    }
  }

  public double number(String key, double fallback) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw new SettingError("setting " + key + " must be a number, got `" + v + "`");
    }
  }

  /** A duration given in seconds. */
  public Duration seconds(String key, long fallback) {
    return Duration.ofSeconds(integer(key, (int) fallback));
  }

  /** A comma-separated list. */
  public List<String> list(String key, List<String> fallback) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    return List.of(v.split("\\s*,\\s*")).stream().map(String::strip).filter(x -> !x.isEmpty()).toList();
  }

  /** A setting that is unknown or does not parse. */
  public static final class SettingError extends IllegalArgumentException implements UserError {
    public SettingError(String message) {
      super(message);
    }
  }
}

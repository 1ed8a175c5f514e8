package io.envbook.dsl;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses short durations: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or a number of seconds. */
final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

  private Durations() {}

  /** The duration, or {@code null} when the text is not one. */
  static Duration parse(Object value) {
    if (value instanceof Number n) {
      return Duration.ofMillis((long) (n.doubleValue() * 1000));
    }
    if (value instanceof Duration d) {
      return d;
    }
    Matcher m = FORM.matcher(String.valueOf(value).trim());
    if (!m.matches()) {
      return null;
    }
    double amount = Double.parseDouble(m.group(1));
    long millis = switch (m.group(2)) {
      case "ms" -> (long) amount;
      case "s" -> (long) (amount * 1000);
      case "m" -> (long) (amount * 60_000);
      default -> (long) (amount * 3_600_000);
    };
    return Duration.ofMillis(millis);
  }
}

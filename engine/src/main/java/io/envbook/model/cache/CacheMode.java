package io.envbook.model.cache;

import java.util.Locale;

/** How a run uses the model-call cache: not at all, answers from it when it can, or calls anew and replaces what it holds. */
public enum CacheMode {
  OFF,
  ON,
  REFRESH;

  /** {@code true}/{@code false}, {@code on}/{@code off} or {@code refresh}; anything else says what it takes. */
  public static CacheMode parse(Object value) {
    if (value instanceof Boolean b) {
      return b ? ON : OFF;
    }
    String v = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true", "on", "yes" -> ON;
      case "false", "off", "no" -> OFF;
      case "refresh" -> REFRESH;
      default -> throw new IllegalArgumentException("cache takes true, false or 'refresh', not `" + value + "`");
    };
  }
}

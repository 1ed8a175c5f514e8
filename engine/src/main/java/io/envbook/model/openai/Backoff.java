package io.envbook.model.openai;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits between attempts: exponential with full jitter (base 0.5 s, cap 30 s), or what the server's
 * {@code Retry-After} asks (seconds or an HTTP date), capped at 120 s.
 */
final class Backoff {
  static final Duration BASE = Duration.ofMillis(500);
  static final Duration CAP = Duration.ofSeconds(30);
  static final Duration RETRY_AFTER_CAP = Duration.ofSeconds(120);

  private Backoff() {}

  /** The wait before attempt {@code attempt + 1} (attempt counts from 1). */
  static Duration delay(int attempt, String retryAfter) {
    Duration asked = parseRetryAfter(retryAfter);
    if (asked != null) {
      return asked.compareTo(RETRY_AFTER_CAP) > 0 ? RETRY_AFTER_CAP : asked;
    }
    long ceiling = Math.min(CAP.toMillis(), BASE.toMillis() << Math.min(attempt - 1, 16));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
  }

  static Duration parseRetryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      double seconds = Double.parseDouble(v);
      return seconds < 0 ? null : Duration.ofMillis((long) (seconds * 1000));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(when.getZone()), when);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  /** Sleeps between attempts; replaced in tests. */
  interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
  }
}

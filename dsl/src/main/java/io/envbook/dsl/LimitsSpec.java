package io.envbook.dsl;

import io.envbook.env.Limits;
import java.time.Duration;
import java.util.List;

/**
 * The {@code limits { }} block: {@code maxTurns}, {@code maxTokens}, {@code timeout} (the rollout's
 * prompt, {@code prepare} and agent loop together; the reward gets as long again), {@code toolTimeout}
 * (one tool call) and {@code maxToolOutput} (characters).
 */
public final class LimitsSpec {
  static final List<String> OPTIONS = List.of("maxTurns", "maxTokens", "timeout", "toolTimeout", "maxToolOutput");
  private final ScriptContext script;
  private Limits limits;

  LimitsSpec(ScriptContext script, Limits start) {
    this.script = script;
    this.limits = start;
  }

  public void maxTurns(int n) {
    if (n < 1) {
      throw script.error("maxTurns must be at least 1, got " + n);
    }
    limits = limits.withMaxTurns(n);
  }

  public void maxTokens(long n) {
    if (n < 0) {
      throw script.error("maxTokens must be 0 (no limit) or more, got " + n);
    }
    limits = limits.withMaxTokens(n);
  }

  public void timeout(Object value) {
    limits = limits.withWallTime(duration("timeout", value));
  }

  public void toolTimeout(Object value) {
    limits = limits.withToolTimeout(duration("toolTimeout", value));
  }

  public void maxToolOutput(int chars) {
    if (chars < 1) {
      throw script.error("maxToolOutput must be at least 1 character, got " + chars);
    }
    limits = limits.withMaxToolOutputChars(chars);
  }

  private Duration duration(String option, Object value) {
    Duration d = Durations.parse(value);
    if (d == null || d.isZero() || d.isNegative()) {
      throw script.error(option + " '" + value + "' is not a duration: write it like '90s', '2m' or '1h'");
    }
    return d;
  }

  Limits limits() {
    return limits;
  }

}

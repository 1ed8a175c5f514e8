package io.envbook.rollout;

import io.envbook.util.UserError;
import java.nio.file.Path;
import java.util.List;

/**
 * A run was pointed at a rollout file that another run wrote: another model, environment, item or
 * setting. Resuming would mix the two in one file, so the run stops before it starts. The message is
 * one sentence naming the differences and the ways out; callers word those in their own terms with
 * {@link #withWaysOut} ({@code --fresh} on the command line, {@code fresh: true} in a notebook).
 */
public final class ResumeMismatch extends IllegalStateException implements UserError {
  private static final int NAMED = 3;
  private final Path file;
  private final List<String> differences;
  private final String waysOut;

  ResumeMismatch(Path file, List<String> differences) {
    this(file, differences, "delete it to start over, or write to another file to keep both");
  }

  private ResumeMismatch(Path file, List<String> differences, String waysOut) {
    this.file = file;
    this.differences = List.copyOf(differences);
    this.waysOut = waysOut;
  }

  public Path file() {
    return file;
  }

  /** One phrase per difference, e.g. {@code the model changed from `scripted` to `openai:qwen3`}. */
  public List<String> differences() {
    return differences;
  }

  /** The same mismatch, its sentence ending in {@code waysOut}, e.g. {@code "pass --fresh to start over, or another --out to keep both"}. */
  public ResumeMismatch withWaysOut(String waysOut) {
    return new ResumeMismatch(file, differences, waysOut);
  }

  /** {@code runs/x.jsonl holds rollouts of another run (the reward changed): pass --fresh to start over, ...}. */
  @Override
  public String getMessage() {
    List<String> named = differences.subList(0, Math.min(NAMED, differences.size()));
    String more = differences.size() > NAMED ? "; and " + (differences.size() - NAMED) + " more" : "";
    return file + " holds rollouts of another run (" + String.join("; ", named) + more + "): " + waysOut;
  }
}

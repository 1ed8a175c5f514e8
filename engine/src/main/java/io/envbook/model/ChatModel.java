package io.envbook.model;

/**
 * A chat model: an OpenAI-compatible server, or one of the built-in offline models used for tests,
 * demos and teaching ({@link ScriptedModel}, {@link ReplayModel}).
 *
 * <p>Calls block; the engine makes them from virtual threads, so a model may be called from many
 * threads at once and must be thread-safe. Failures are reported as {@link ModelException}, after the
 * model's own retries are spent.
 */
public interface ChatModel extends AutoCloseable {

  /** Sends one request and returns the answer. */
  ChatResponse chat(ChatRequest request) throws ModelException;

  /** A short label for logs and rollout files, e.g. {@code openai:qwen3-8b} or {@code scripted}. */
  String name();

  /**
   * What decides this model's answers, as named facts for a rollout file's provenance (so a run resumes
   * a file only with the model that wrote it): by default its name. Servers appear without
   * credentials; API keys never.
   */
  default java.util.Map<String, String> provenance() {
    return java.util.Map.of("name", name());
  }

  /**
   * Fields this model adds to every request body itself (an OpenAI model's sampling defaults), so a
   * cache can key on the whole request; none by default.
   */
  default java.util.Map<String, Object> requestDefaults() {
    return java.util.Map.of();
  }

  /** True for the built-in offline models, so outputs can label their numbers as not from a real model. */
  default boolean builtIn() {
    return false;
  }

  @Override
  default void close() {}
}

package io.envbook.judge;

import io.envbook.json.Json;
import io.envbook.json.SchemaCheck;
import io.envbook.model.ChatModel;
import io.envbook.model.ChatRequest;
import io.envbook.model.ChatResponse;
import io.envbook.model.Message;
import io.envbook.model.ModelException;
import io.envbook.model.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An LLM as a judge: a model grades an answer against a rubric and answers in a fixed JSON shape
 * ({@code reasoning}, {@code verdict}, {@code score} from 0 to 1), asked for with the OpenAI
 * {@code response_format} of a JSON schema. An answer that is not that JSON is sent back with what is
 * wrong with it, up to {@code retries} times; then the judge fails with {@link JudgeException}.
 *
 * <pre>{@code
 * Verdict v = Judge.builder(model).rubric("1 if the answer names Paris, else 0").build()
 *     .grade(Map.of("question", "What is the capital of France?", "answer", "Paris."));
 * }</pre>
 */
public final class Judge {
  /** The JSON every verdict takes, as a JSON Schema. */
  public static final JsonNode VERDICT_SCHEMA = Json.parse("""
      {"type": "object",
       "properties": {
         "reasoning": {"type": "string"},
         "verdict": {"type": "string"},
         "score": {"type": "number", "minimum": 0, "maximum": 1}},
       "required": ["reasoning", "verdict", "score"],
       "additionalProperties": false}""");
  private static final SchemaCheck CHECK = SchemaCheck.of(VERDICT_SCHEMA);

  private final ChatModel model;
  private final String rubric;
  private final int retries;
  private final Double temperature;
  private final Integer maxTokens;
  private final ChatRequest.Origin origin;

  private Judge(Builder b) {
    this.model = b.model;
    this.rubric = Objects.requireNonNull(b.rubric, "rubric == null: say what the judge checks");
    this.retries = b.retries;
    this.temperature = b.temperature;
    this.maxTokens = b.maxTokens;
    this.origin = b.origin;
  }

  public static Builder builder(ChatModel model) {
    return new Builder(model);
  }

  /**
   * Grades {@code subject}: its {@code question} and {@code answer}, and any other fields (a
   * reference answer, say), shown to the judge by name.
   */
  public Verdict grade(Map<String, ?> subject) {
    List<Message> messages = new ArrayList<>(List.of(Message.system(instructions()), Message.user(describe(subject))));
    Map<String, Object> seen = new LinkedHashMap<>(subject);
    seen.put("rubric", rubric);
    Usage usage = Usage.NONE;
    String problem = null;
    for (int attempt = 1; attempt <= retries + 1; attempt++) {
      ChatResponse response;
      try {
        response = model.chat(new ChatRequest(messages, List.of(), temperature, maxTokens, Map.of("response_format", responseFormat()),
            new ChatRequest.Origin(origin.taskId(), origin.itemId(), seen, origin.sample(), attempt - 1)));
      } catch (ModelException e) {
        throw new JudgeException("the judge " + model.name() + " failed: " + e.getMessage(), e);
      }
      usage = usage.plus(response.usage());
      String content = response.message().content() == null ? "" : response.message().content();
      problem = problem(content);
      if (problem == null) {
        JsonNode v = Json.parse(strip(content));
        return new Verdict(model.name(), v.get("score").asDouble(), v.get("verdict").asString(), v.get("reasoning").asString(),
            usage, attempt);
      }
      messages.add(Message.assistant(content));
      messages.add(Message.user("That answer is not usable: " + problem + ". Reply again with only the JSON object "
          + "{\"reasoning\": \"...\", \"verdict\": \"...\", \"score\": <0 to 1>}."));
    }
    throw new JudgeException("the judge " + model.name() + " gave no well-formed verdict in " + (retries + 1) + " attempts: " + problem, null);
  }

  private String instructions() {
    return "You are a careful, strict grader. Grade the answer by the rubric below. Reply with one JSON object and nothing "
        + "else: {\"reasoning\": \"why, in a few sentences\", \"verdict\": \"a word or two, e.g. correct or incorrect\", "
        + "\"score\": a number from 0 (fails the rubric) to 1 (meets it fully)}.\n\nRubric:\n" + rubric;
  }

  private static String describe(Map<String, ?> subject) {
    StringBuilder sb = new StringBuilder();
    subject.forEach((name, value) -> {
      if (value != null && !name.equals("item")) {
        sb.append(sb.isEmpty() ? "" : "\n\n").append(capitalized(name)).append(":\n")
            .append(value instanceof CharSequence ? value : Json.write(value));
      }
    });
    return sb.toString();
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static Map<String, Object> responseFormat() {
    return Map.of("type", "json_schema", "json_schema", Map.of("name", "verdict", "strict", true, "schema", Json.toPlain(VERDICT_SCHEMA)));
  }

  /** What is wrong with an answer, or {@code null} when it is a well-formed verdict. */
  static String problem(String content) {
    JsonNode v;
    try {
      v = Json.parse(strip(content));
    } catch (JacksonException e) {
      return "it is not JSON (" + e.getOriginalMessage() + ")";
    }
    if (v == null || !v.isObject()) {
      return "it is not a JSON object";
    }
    List<String> problems = CHECK.problems(v);
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  /** The JSON inside a ```json fence, which models add even when asked not to. */
  private static String strip(String content) {
    String t = content.strip();
    if (t.startsWith("```")) {
      int nl = t.indexOf('\n');
      int end = t.lastIndexOf("```");
      if (nl > 0 && end > nl) {
        return t.substring(nl + 1, end).strip();
      }
    }
    return t;
  }

  /** Builds a {@link Judge}; a rubric is required. Defaults: 2 retries, temperature 0. */
  public static final class Builder {
    private final ChatModel model;
    private String rubric;
    private int retries = 2;
    private Double temperature = 0.0;
    private Integer maxTokens;
    private ChatRequest.Origin origin = ChatRequest.Origin.NONE;

    private Builder(ChatModel model) {
      this.model = Objects.requireNonNull(model, "model == null: give the judge a model");
    }

    /** What the judge checks, e.g. "1 if the answer gives the right capital, 0 otherwise". */
    public Builder rubric(String text) {
      this.rubric = text;
      return this;
    }

    /** How many times a malformed answer is sent back before the judge fails (default 2). */
    public Builder retries(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("judge retries must be 0 or more, got " + n);
      }
      this.retries = n;
      return this;
    }

    public Builder temperature(Double t) {
      this.temperature = t;
      return this;
    }

    public Builder maxTokens(Integer n) {
      this.maxTokens = n;
      return this;
    }

    /** The rollout being judged, so the judge's calls say where they come from. */
    public Builder origin(ChatRequest.Origin o) {
      this.origin = o == null ? ChatRequest.Origin.NONE : o;
      return this;
    }

    public Judge build() {
      return new Judge(this);
    }
  }
}

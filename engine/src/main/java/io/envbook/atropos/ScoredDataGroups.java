package io.envbook.atropos;

import io.envbook.json.Json;
import io.envbook.model.Message;
import io.envbook.model.MessageCodec;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutGroup;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Atropos' {@code ScoredDataGroup} for a group of chat-API rollouts, as {@code process} writes it:
 * {@code tokens}, {@code masks}, {@code scores}, {@code advantages}, {@code ref_logprobs},
 * {@code messages} (OpenAI format), {@code group_overrides}, {@code overrides}, {@code images} and the
 * distillation fields.
 *
 * <p>Token-mode rollouts bring their exact tokens, masks and logprobs ({@code inference_logprobs}).
 * Chat-API rollouts carry no token ids ("Phase 1" in Hermes). Hermes then tokenized the joined
 * message contents; with no tokenizer at hand, envbook uses the UTF-8 bytes of that text as
 * placeholder tokens (mask {@code -100} on the first, as Hermes) and says so in
 * {@code group_overrides.envbook_placeholder_tokens}. They serve {@code process}, reports and SFT,
 * not training; token mode gives real ids.
 *
 * <p>{@code inference_logprobs} is always there, one list per sequence as long as its tokens, as
 * Atropos' own environments send it: {@code 1.0} wherever no logprob is known (prompt tokens, and
 * every placeholder token). Atropos' example trainer reads it with {@code len()} whenever the key
 * exists, and the API always passes the key on, so a missing field would crash it.
 */
public final class ScoredDataGroups {
  public static final String PLACEHOLDER_NOTE = "utf8-bytes of the joined message contents: chat-API rollouts have no token ids; not for training";

  private ScoredDataGroups() {}

  public static ObjectNode toJson(RolloutGroup group) {
    ObjectNode o = Json.object();
    ArrayNode tokens = o.putArray("tokens");
    ArrayNode masks = o.putArray("masks");
    ArrayNode scores = o.putArray("scores");
    ArrayNode messages = Json.array();
    boolean real = hasRealTokens(group);
    ArrayNode logprobs = Json.array();
    for (Rollout r : group.rollouts()) {
      ArrayNode t = tokens.addArray();
      ArrayNode m = masks.addArray();
      if (real) {
        r.tokens().ids().forEach(t::add);
        r.tokens().masks().forEach(m::add);
        ArrayNode lp = logprobs.addArray();
        r.tokens().logprobs().forEach(lp::add);
      } else {
        List<Integer> ids = placeholderTokens(r.messages());
        ArrayNode lp = logprobs.addArray();
        for (int i = 0; i < ids.size(); i++) {
          t.add(ids.get(i));
          m.add(i == 0 ? -100 : ids.get(i));
          lp.add(1.0);
        }
      }
      scores.add(r.score());
      messages.add(MessageCodec.toJson(r.messages()));
    }
    o.putArray("advantages");
    o.putArray("ref_logprobs");
    o.set("messages", messages);
    o.set("inference_logprobs", logprobs);
    if (real) {
      o.putObject("group_overrides");
    } else {
      o.putObject("group_overrides").put("envbook_placeholder_tokens", PLACEHOLDER_NOTE);
    }
    o.putArray("overrides");
    o.putArray("images");
    o.putNull("distill_token_ids");
    o.putNull("distill_logprobs");
    return o;
  }

  /**
   * The group as a trainer takes it from {@code serve}: {@link #toJson} with the GRPO advantage of
   * each rollout repeated for each of its tokens.
   */
  public static ObjectNode forTrainer(RolloutGroup group) {
    ObjectNode body = toJson(group);
    ArrayNode advantages = body.putArray("advantages");
    List<Double> adv = group.advantages();
    for (int i = 0; i < adv.size(); i++) {
      ArrayNode perToken = advantages.addArray();
      for (int t = 0; t < body.get("tokens").get(i).size(); t++) {
        perToken.add(adv.get(i));
      }
    }
    return body;
  }

  /** True when every rollout of the group has real token ids (token mode), not placeholders. */
  public static boolean hasRealTokens(RolloutGroup group) {
    return group.rollouts().stream().allMatch(r -> r.tokens() != null);
  }

  static List<Integer> placeholderTokens(List<Message> messages) {
    List<String> contents = new ArrayList<>();
    for (Message m : messages) {
      if (m.content() != null && !m.content().isEmpty()) {
        contents.add(m.content());
      }
    }
    byte[] bytes = String.join("\n", contents).getBytes(StandardCharsets.UTF_8);
    List<Integer> ids = new ArrayList<>(bytes.length);
    for (byte b : bytes) {
      ids.add(b & 0xff);
    }
    return ids;
  }
}

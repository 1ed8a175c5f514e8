package io.envbook.kernel;

import io.envbook.env.Environment;
import io.envbook.json.Json;
import io.envbook.kernel.display.Displays;
import io.envbook.kernel.display.MimeBundle;
import io.envbook.model.ChatModel;
import io.envbook.model.ReplayModel;
import io.envbook.model.ScriptedModel;
import io.envbook.model.cache.CacheMode;
import io.envbook.model.cache.CacheStats;
import io.envbook.model.cache.CachingModel;
import io.envbook.rollout.ItemSelection;
import io.envbook.rollout.Rescorer;
import io.envbook.rollout.ResumeMismatch;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutFile;
import io.envbook.rollout.RolloutRunner;
import io.envbook.rollout.RunSummary;
import io.envbook.sandbox.SandboxProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What notebook cells call, in Groovy and in Java alike: show things ({@link #display}), run
 * rollouts with a live progress display ({@link #run}), load and rescore saved rollouts.
 *
 * <pre>{@code
 * RunSummary s = run(env, scripted(env), 3, null, "runs/demo.jsonl");
 * display(s.rollouts().get(0));
 * }</pre>
 */
public final class Notebook {
  private Notebook() {}

  /**
   * The kernel's comms: {@code comms().register(target, (comm, data) -> ...)} for comms the front
   * end opens, {@code comms().open(target, data)} for ones the kernel opens.
   */
  public static io.envbook.kernel.comm.Comms comms() {
    io.envbook.kernel.comm.Comms c = io.envbook.kernel.comm.Comms.current();
    if (c == null) {
      throw new IllegalStateException("comms exist only inside a running kernel");
    }
    return c;
  }

  /**
   * Shows a value below the cell, as rich as the front end allows, after what the cell printed so far;
   * returns a handle to replace it later ({@code handle.update(x)}).
   */
  public static DisplayHandle display(Object value) {
    DisplayHandle handle = new DisplayHandle(UUID.randomUUID().toString());
    publish("display_data", value, handle.id());
    return handle;
  }

  /** Replaces what an earlier {@link #display} showed. */
  public static void updateDisplay(DisplayHandle display, Object value) {
    updateDisplay(display.id(), value);
  }

  /** Replaces what the display with this {@code display_id} showed. */
  public static void updateDisplay(String displayId, Object value) {
    publish("update_display_data", value, displayId);
  }

  /** Clears the cell's output; with {@code wait}, only when the next output arrives. */
  public static void clearOutput(boolean wait) {
    Publisher p = CellContext.publisher();
    JsonNode parent = CellContext.parent();
    if (p != null && parent != null) {
      CellContext.flushOutput();
      p.publish(parent, "clear_output", Json.object().put("wait", wait));
    }
  }

  /** Shows in the pager what can be called on a value. */
  public static io.envbook.kernel.display.Page help(Object value) {
    return io.envbook.kernel.display.Page.help(value);
  }

  public static MimeBundle html(String html) {
    return MimeBundle.html(html);
  }

  public static MimeBundle markdown(String markdown) {
    return MimeBundle.markdown(markdown);
  }

  /** The reward histogram of some rollouts: Vega-Lite, a PNG image beside it for front ends without Vega. */
  public static MimeBundle histogram(List<Rollout> rollouts) {
    return Displays.histogram(rollouts, "reward histogram (" + rollouts.size() + " rollouts)");
  }

  /** The reward histogram of a run's rollouts. */
  public static MimeBundle histogram(RunSummary run) {
    return histogram(run.rollouts());
  }

  /**
   * The rollouts a helper was given: a run's ({@link RunSummary}), a list of rollouts, or one rollout;
   * anything else is one sentence naming what {@code helper} takes.
   */
  public static List<Rollout> rolloutsOf(String helper, Object value) {
    if (value instanceof RunSummary s) {
      return s.rollouts();
    }
    if (value instanceof Rollout r) {
      return List.of(r);
    }
    if (value instanceof List<?> list && list.stream().allMatch(Rollout.class::isInstance)) {
      @SuppressWarnings("unchecked")
      List<Rollout> rollouts = (List<Rollout>) list;
      return rollouts;
    }
    String given = value == null ? "null" : value instanceof List<?> l ? "a list of " + elementTypes(l) : "a " + value.getClass().getSimpleName();
    throw new IllegalArgumentException(helper + " takes a run (what run(...) returns) or a list of rollouts (what load('runs/x.jsonl') "
        + "returns), not " + given);
  }

  private static String elementTypes(List<?> list) {
    return list.stream().map(e -> e == null ? "null" : e.getClass().getSimpleName()).distinct().sorted()
        .collect(java.util.stream.Collectors.joining(" and "));
  }

  /** The environment's own scripted model (built-in, offline). */
  public static ChatModel scripted(Environment env) {
    ScriptedModel.Policy policy = env.scriptedPolicy();
    if (policy == null) {
      throw new IllegalArgumentException("environment `" + env.config().name() + "` has no scripted model: declare one with model scripted { ... }");
    }
    return ScriptedModel.policy(policy);
  }

  /**
   * The model an environment declared: {@code model openai(...)}, {@code model replay(...)} or
   * {@code model scripted { ... }}, in that order.
   */
  public static ChatModel model(Environment env) {
    if (env instanceof io.envbook.dsl.DslEnvironment dsl && dsl.declaredModel() != null) {
      return dsl.declaredModel();
    }
    if (env.scriptedPolicy() != null) {
      return ScriptedModel.policy(env.scriptedPolicy());
    }
    throw new IllegalArgumentException("environment `" + env.config().name() + "` declares no model: pass one, "
        + "as in run(env, model: openai(baseUrl: 'http://localhost:8000/v1', model: 'Qwen/Qwen3-8B'))");
  }

  /** A model on an OpenAI-compatible server (vLLM, SGLang, llama.cpp, Ollama, OpenAI); {@code apiKey} may be null. */
  public static ChatModel openai(String baseUrl, String model, String apiKey) {
    return io.envbook.model.openai.OpenAiModel.builder().server(baseUrl).model(model).apiKey(apiKey).build();
  }

  public static ChatModel replay(String file) throws IOException {
    return ReplayModel.load(Path.of(file));
  }

  /**
   * Runs {@code items} items of an environment ({@code group} rollouts each; {@code null} for the
   * environment's group size), shows live progress under the cell, and returns the summary. With an
   * output file the run resumes what the file already holds, when the same environment, model and
   * settings wrote it ({@link ResumeMismatch} says what differs otherwise). An interrupt stops the
   * run; what finished is kept.
   */
  public static RunSummary run(Environment env, ChatModel model, int items, Integer group, String out) throws Exception {
    return run(env, model, items, group, out, false);
  }

  /** As {@link #run(Environment, ChatModel, int, Integer, String)}; {@code fresh} deletes the output file first, to start over. */
  public static RunSummary run(Environment env, ChatModel model, int items, Integer group, String out, boolean fresh) throws Exception {
    return run(env, model, items, group, out, fresh, null, ItemSelection.ALL);
  }

  /**
   * As {@link #run(Environment, ChatModel, int, Integer, String, boolean)}, with the run's {@code seed}
   * (each rollout sends and records one derived from it; {@code null}: none) and the items to take.
   */
  public static RunSummary run(Environment env, ChatModel model, int items, Integer group, String out, boolean fresh, Long seed,
      ItemSelection selection) throws Exception {
    if (fresh && out != null) {
      Files.deleteIfExists(Path.of(out));
    }
    LiveProgress progress = new LiveProgress();
    RunSummary s;
    try (SandboxProvider sandboxes = SandboxProvider.forBackend(env.config().sandbox(), env.config().sandboxSettings())) {
      s = RolloutRunner.builder(env, model).sandboxes(sandboxes).items(items).groupSize(group).concurrency(8)
          .seed(seed).select(selection)
          .output(out == null ? null : Path.of(out)).listener(progress).build().run();
    } catch (ResumeMismatch e) {
      throw e.withWaysOut("pass true as run's last argument (fresh) to start over, or another out file to keep both");
    }
    progress.done(s);
    if (Thread.interrupted()) {
      throw new InterruptedException("the run was interrupted: " + s.total() + " rollouts finished"
          + (out == null ? "" : " and are kept in " + out));
    }
    return s;
  }

  /**
   * As {@link #run(Environment, ChatModel, int, Integer, String, boolean, Long, ItemSelection)}, with the model and
   * the environment's judge behind the model-call cache in {@code cacheDir}: a call made before is
   * answered from it. Prints how many calls the cache answered, and why the first miss missed.
   */
  public static RunSummary runCached(Environment env, ChatModel model, int items, Integer group, String out, boolean fresh, Long seed,
      ItemSelection selection, CacheMode mode, Path cacheDir) throws Exception {
    CachingModel agent = (CachingModel) CachingModel.wrap(model, cacheDir, mode);
    io.envbook.dsl.DslEnvironment dsl = env instanceof io.envbook.dsl.DslEnvironment d && d.judgeModel() != null ? d : null;
    ChatModel judgeBefore = dsl == null ? null : dsl.judgeModel();
    CachingModel judge = dsl == null ? null : (CachingModel) CachingModel.wrap(judgeBefore, cacheDir, mode);
    if (dsl != null) {
      dsl.useJudgeModel(judge);
    }
    try {
      RunSummary s = run(env, agent, items, group, out, fresh, seed, selection);
      System.out.println("model-call cache: agent " + cacheLine(agent.stats()) + (judge == null ? "" : "; judge " + cacheLine(judge.stats())));
      return s;
    } finally {
      if (dsl != null) {
        dsl.useJudgeModel(judgeBefore);
      }
    }
  }

  private static String cacheLine(CacheStats c) {
    return c.summary() + (c.missReasons().isEmpty() ? "" : " (first miss: " + c.missReasons().get(0) + ")");
  }

  /** The rollouts saved in a file. */
  public static List<Rollout> load(String file) throws IOException {
    return RolloutFile.read(Path.of(file)).rollouts();
  }

  /** Runs the environment's reward again on a run's rollouts, without the model. */
  public static List<Rollout> rescore(Environment env, RunSummary run) {
    return rescore(env, run.rollouts());
  }

  /** Runs the environment's reward again on saved rollouts, without the model. */
  public static List<Rollout> rescore(Environment env, List<Rollout> rollouts) {
    try (SandboxProvider sandboxes = SandboxProvider.forBackend(env.config().sandbox(), env.config().sandboxSettings())) {
      Rescorer.Outcome outcome = Rescorer.run(env, rollouts, sandboxes);
      if (outcome.sandboxWarning() != null) {
        System.err.println(outcome.sandboxWarning());
      }
      return outcome.rollouts();
    }
  }

  /**
   * Old and new rewards of the same rollouts side by side (matched by item and sample): changed rows
   * first, with counts of what went up, down or stayed.
   */
  public static io.envbook.report.RewardComparison compare(List<Rollout> before, List<Rollout> after) {
    return io.envbook.report.RewardComparison.of(before, after);
  }

  static void publish(String type, Object value, String displayId) {
    Publisher p = CellContext.publisher();
    JsonNode parent = CellContext.parent();
    if (p == null || parent == null) {
      System.out.println(Displays.render(value));
      return;
    }
    ObjectNode data = Displays.bundle(value);
    CellContext.flushOutput();
    ObjectNode content = Json.object();
    content.set("data", data);
    content.set("metadata", Json.object());
    content.putObject("transient").put("display_id", displayId);
    p.publish(parent, type, content);
  }
}

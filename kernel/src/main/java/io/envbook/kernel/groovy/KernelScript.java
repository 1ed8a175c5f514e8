package io.envbook.kernel.groovy;

import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import io.envbook.dsl.EnvScript;
import io.envbook.env.Environment;
import io.envbook.kernel.CellContext;
import io.envbook.kernel.Notebook;
import io.envbook.kernel.display.MimeBundle;
import io.envbook.model.ChatModel;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RunSummary;
import io.envbook.util.Suggest;
import java.util.List;
import java.util.Map;

/**
 * The base class of Groovy cells: the DSL ({@code environment('name') { ... }}) plus the notebook
 * helpers: {@code display}, {@code html}, {@code markdown}, {@code histogram}, {@code input},
 * {@code run(env, items: 3, group: 2, model: scripted(env), out: 'runs/x.jsonl')}, {@code load},
 * {@code rescore}.
 */
public abstract class KernelScript extends EnvScript {

  /** The kernel's comms, as {@code comms.register('target') { comm, data -> }} and {@code comms.open('target', [:])}. */
  public io.envbook.kernel.comm.Comms getComms() {
    return Notebook.comms();
  }

  public io.envbook.kernel.DisplayHandle display(Object value) {
    return Notebook.display(value);
  }

  public void updateDisplay(io.envbook.kernel.DisplayHandle display, Object value) {
    Notebook.updateDisplay(display, value);
  }

  public void updateDisplay(String id, Object value) {
    Notebook.updateDisplay(id, value);
  }

  public void clearOutput() {
    Notebook.clearOutput(false);
  }

  /** Opens the pager with what can be called on a value. */
  public io.envbook.kernel.display.Page help(Object value) {
    return Notebook.help(value);
  }

  public MimeBundle html(Object html) {
    return Notebook.html(String.valueOf(html));
  }

  public MimeBundle markdown(Object markdown) {
    return Notebook.markdown(String.valueOf(markdown));
  }

  /** {@code histogram(summary)}, {@code histogram(load('runs/x.jsonl'))}: the reward histogram of a run or of rollouts. */
  public MimeBundle histogram(Object rollouts) {
    return Notebook.histogram(rollouts("histogram", rollouts));
  }

  public String input(Object prompt) throws InterruptedException {
    return CellContext.readLine(String.valueOf(prompt));
  }

  public String input() throws InterruptedException {
    return input("");
  }

  public ChatModel scripted(Environment env) {
    return Notebook.scripted(env);
  }

  public ChatModel replay(String file) throws java.io.IOException {
    return Notebook.replay(file);
  }

  private static final List<String> RUN_OPTIONS = List.of("items", "group", "model", "out", "fresh", "seed", "item", "itemsMatching",
      "cache", "cacheDir");

  /**
   * {@code run(env, items: 3, group: 2, model: openai(...), out: 'runs/x.jsonl')}; without
   * {@code model:}, the model the environment declared. A second run on the same {@code out:}
   * resumes it when the same environment and model wrote it; {@code fresh: true} starts it over.
   * Also {@code seed: 7}, {@code item: 'q3'} (or a list of ids), {@code itemsMatching: 'category=geo'},
   * {@code cache: true|false|'refresh'} and {@code cacheDir:}.
   */
  public RunSummary run(Map<String, ?> options, Environment env) throws Exception {
    for (String option : options.keySet()) {
      if (!RUN_OPTIONS.contains(option) && !option.equals("n")) {
        throw scriptError("unknown run option `" + option + "`:" + Suggest.didYouMean(option, RUN_OPTIONS) + " Options: "
            + String.join(", ", RUN_OPTIONS));
      }
    }
    Object model = options.get("model");
    if (model != null && !(model instanceof ChatModel)) {
      throw scriptError("run's model: takes a model, such as openai(baseUrl: 'http://localhost:8000/v1', model: 'Qwen/Qwen3-8B'), "
          + "scripted(env) or replay('runs/old.jsonl'), not " + model.getClass().getSimpleName() + " `" + model + "`");
    }
    ChatModel m = model == null ? Notebook.model(env) : (ChatModel) model;
    Object items = options.containsKey("items") ? options.get("items") : options.get("n");
    Object group = options.get("group");
    Object out = options.get("out");
    Object fresh = options.containsKey("fresh") ? options.get("fresh") : Boolean.FALSE;
    if (!(fresh instanceof Boolean)) {
      throw scriptError("run's fresh: takes true or false, not `" + fresh + "`");
    }
    Object seed = options.get("seed");
    if (seed != null && !(seed instanceof Number)) {
      throw scriptError("run's seed: takes a whole number, not `" + seed + "`");
    }
    Object ids = options.get("item");
    List<String> itemIds = ids == null ? List.of() : ids instanceof List<?> l ? l.stream().map(String::valueOf).toList()
        : List.of(String.valueOf(ids));
    io.envbook.rollout.ItemSelection selection;
    io.envbook.model.cache.CacheMode cache;
    try {
      selection = io.envbook.rollout.ItemSelection.of(itemIds,
          options.get("itemsMatching") == null ? null : String.valueOf(options.get("itemsMatching")));
      cache = options.containsKey("cache") ? io.envbook.model.cache.CacheMode.parse(options.get("cache"))
          : io.envbook.model.cache.CacheMode.OFF;
    } catch (IllegalArgumentException e) {
      throw scriptError("run's " + e.getMessage());
    }
    int n = items == null ? (itemIds.isEmpty() ? 1 : itemIds.size()) : count("items", items);
    Integer g = group == null ? null : count("group", group);
    Long s = seed == null ? null : ((Number) seed).longValue();
    String file = out == null ? null : String.valueOf(out);
    Object dir = options.get("cacheDir");
    try {
      return cache == io.envbook.model.cache.CacheMode.OFF ? Notebook.run(env, m, n, g, file, (Boolean) fresh, s, selection)
          : Notebook.runCached(env, m, n, g, file, (Boolean) fresh, s, selection, cache,
              dir == null ? io.envbook.model.cache.CachingModel.defaultDir() : java.nio.file.Path.of(String.valueOf(dir)));
    } catch (io.envbook.rollout.ResumeMismatch e) {
      throw e.withWaysOut("pass fresh: true to start over, or another out: file to keep both");
    }
  }

  private int count(String option, Object value) {
    if (value instanceof Number n && n.intValue() > 0 && n.doubleValue() == n.intValue()) {
      return n.intValue();
    }
    throw scriptError("run's " + option + ": takes a whole number above 0, not `" + value + "`");
  }

  public RunSummary run(Environment env) throws Exception {
    return run(Map.of(), env);
  }

  public List<Rollout> load(String file) throws java.io.IOException {
    return Notebook.load(file);
  }

  /** {@code rescore(env, summary)}, {@code rescore(env, load('runs/x.jsonl'))}: the environment's reward run again, without the model. */
  public List<Rollout> rescore(Environment env, Object rollouts) {
    return Notebook.rescore(env, rollouts("rescore", rollouts));
  }

  /** {@code compare(saved, rescored)}: old and new rewards per rollout, changed rows first, with counts. */
  public io.envbook.report.RewardComparison compare(Object before, Object after) {
    return Notebook.compare(rollouts("compare", before), rollouts("compare", after));
  }

  private List<Rollout> rollouts(String helper, Object value) {
    try {
      return Notebook.rolloutsOf(helper, value);
    } catch (IllegalArgumentException e) {
      throw scriptError(e.getMessage());
    }
  }

  // Script.println looks up an `out` property first; in a cell that lookup misses and throws, once per
  // line, which made printing 100,000 lines take most of a second. Without an `out` variable, print
  // straight to the cell's output.

  @Override
  public void println(Object value) {
    if (hasOut()) {
      super.println(value);
    } else {
      System.out.println(org.codehaus.groovy.runtime.FormatHelper.toString(value));
    }
  }

  @Override
  public void println() {
    if (hasOut()) {
      super.println();
    } else {
      System.out.println();
    }
  }

  @Override
  public void print(Object value) {
    if (hasOut()) {
      super.print(value);
    } else {
      System.out.print(org.codehaus.groovy.runtime.FormatHelper.toString(value));
    }
  }

  @Override
  public void printf(String format, Object value) {
    if (hasOut()) {
      super.printf(format, value);
    } else {
      System.out.print(org.codehaus.groovy.runtime.DefaultGroovyMethods.sprintf(this, format, value));
    }
  }

  @Override
  public void printf(String format, Object[] values) {
    if (hasOut()) {
      super.printf(format, values);
    } else {
      System.out.print(org.codehaus.groovy.runtime.DefaultGroovyMethods.sprintf(this, format, values));
    }
  }

  private boolean hasOut() {
    return getBinding().hasVariable("out");
  }

  @Override
  public Object methodMissing(String name, Object args) {
    if (insideBlock()) {
      return super.methodMissing(name, args);
    }
    throw new MissingMethodException(name, getClass(), args instanceof Object[] a ? a : new Object[] {args});
  }

  @Override
  public Object propertyMissing(String name) {
    if (insideBlock()) {
      return super.propertyMissing(name);
    }
    throw new MissingPropertyException(name, getClass());
  }
}

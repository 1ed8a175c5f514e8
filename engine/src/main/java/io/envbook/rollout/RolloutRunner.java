package io.envbook.rollout;

import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.model.ChatModel;
import io.envbook.model.ToolCallParser;
import io.envbook.sandbox.SandboxProvider;
import io.envbook.tools.ToolRegistry;
import io.envbook.util.Failures;
import io.envbook.tools.mcp.McpServer;
import io.envbook.tools.mcp.McpServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs groups of rollouts of an environment: {@code items} items, {@code groupSize} rollouts each, at
 * most {@code concurrency} at a time, each on a virtual thread with its own sandbox. Every finished
 * rollout is appended to the output file at once; a run started again on the same file skips the
 * rollouts already there (failed ones are run again), so a killed run loses nothing it finished.
 * The file's first line records what produced it ({@link Provenance}); a run of another model,
 * environment or setting on that file stops with {@link ResumeMismatch} instead of mixing the two.
 * One failing rollout never stops the run: it is recorded as failed, with the reason; one that cannot
 * be recorded at all is counted as lost in the summary.
 * The environment's shared MCP servers run from before the first rollout until after the last.
 *
 * <pre>{@code
 * RunSummary s = RolloutRunner.builder(env, model)
 *     .sandboxes(new LocalSandboxProvider())
 *     .items(10).groupSize(4).concurrency(16)
 *     .output(Path.of("runs/terminal-test.jsonl"))
 *     .build().run();
 * }</pre>
 */
public final class RolloutRunner {
  private final Environment env;
  private final ChatModel model;
  private final SandboxProvider sandboxes;
  private final int items;
  private final int groupSize;
  private final int concurrency;
  private final Path output;
  private final RolloutListener listener;
  private final ToolCallParser fallbackParser;
  private final Long seed;
  private final ItemSelection selection;
  private final Shard shard;

  private RolloutRunner(Builder b) {
    this.env = b.env;
    this.model = b.model;
    this.sandboxes = Objects.requireNonNull(b.sandboxes, "sandboxes == null: give the runner a SandboxProvider");
    this.items = b.items;
    this.groupSize = b.groupSize == null ? b.env.config().groupSize() : b.groupSize;
    this.concurrency = b.concurrency;
    this.output = b.output;
    this.listener = new SafeListener(b.listener);
    this.fallbackParser = b.fallbackParser;
    this.seed = b.seed;
    this.selection = b.selection;
    this.shard = b.shard;
  }

  public static Builder builder(Environment env, ChatModel model) {
    return new Builder(env, model);
  }

  /**
   * Runs every planned rollout not already in the output file and returns the summary. If the calling
   * thread is interrupted, running rollouts are cancelled, and the summary holds what finished.
   */
  public RunSummary run() throws Exception {
    long start = System.nanoTime();
    String envName = env.config().name();
    env.setup();
    Map<Integer, Item> selected = pullItems();
    Map<Integer, Item> planned = shard == null ? selected : shard.select(selected);
    Provenance whole = Provenance.of(env, model, groupSize, sandboxes.name()).withRun("seed", seed == null ? null : seed.toString());
    Provenance provenance = shard == null ? whole : shard.record(whole, selected);
    Resume resume = output == null ? Resume.NOTHING : Resume.from(output, provenance, planned);
    Map<RolloutKey, Rollout> done = resume.done();
    Map<Integer, List<Rollout>> byItem = new ConcurrentHashMap<>();
    ToolCallParser parser = fallbackParser != null ? fallbackParser : io.envbook.parsers.ToolCallParsers.get(env.config().toolCallParser());
    List<Rollout> resumed = new ArrayList<>();
    AtomicInteger lost = new AtomicInteger();
    try (McpServers shared = McpServers.start(McpServers.withScope(env.mcpServers(), McpServer.Scope.SHARED), null);
        RolloutFile out = output == null ? null : RolloutFile.openForAppend(output, provenance)) {
      ToolRegistry tools = RolloutExecution.toolsOf(env).plus(shared.tools());
      RolloutExecution execution = new RolloutExecution(env, model, sandboxes, tools, parser,
          McpServers.withScope(env.mcpServers(), McpServer.Scope.ROLLOUT)).seed(seed);
      List<Runnable> work = new ArrayList<>();
      for (Map.Entry<Integer, Item> e : planned.entrySet()) {
        int i = e.getKey();
        Item item = e.getValue();
        List<Rollout> group = Collections.synchronizedList(new ArrayList<>());
        byItem.put(i, group);
        for (int s = 0; s < groupSize; s++) {
          RolloutKey key = new RolloutKey(i, item.id(), s);
          Rollout previous = done.get(key);
          if (previous != null) {
            group.add(previous);
            resumed.add(previous);
            continue;
          }
          work.add(() -> runOne(execution, item, key, group, out, lost));
        }
      }
      String note = shard != null && planned.isEmpty() ? "shard " + shard + " has no item: the run selected " + selected.size()
          + " for " + shard.count() + " shards; its file is written all the same, for merge" : resume.note();
      listener.runStarted(new RunStart(envName, planned.size() * groupSize, resumed, note));
      runAll(work);
    }
    List<RolloutGroup> groups = new ArrayList<>();
    planned.forEach((i, item) -> groups.add(new RolloutGroup(i, item.id(), byItem.get(i))));
    List<Rollout> all = groups.stream().flatMap(g -> g.rollouts().stream()).toList();
    int failed = (int) all.stream().filter(r -> !r.ok()).count();
    double mean = all.stream().mapToDouble(Rollout::score).average().orElse(0);
    RunSummary summary = new RunSummary(envName, model.name(), groups, planned.size() * groupSize, all.size() - resumed.size(),
        resumed.size(), failed, lost.get(), mean, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), output);
    listener.runFinished(summary);
    return summary;
  }

  /** Runs one rollout and records it; a rollout that cannot be recorded at all is counted as lost and reported. */
  private void runOne(RolloutExecution execution, Item item, RolloutKey key, List<Rollout> group, RolloutFile out, AtomicInteger lost) {
    try {
      listener.rolloutStarted(key);
      Rollout r = execution.run(item, key);
      if (!r.ok() && Thread.currentThread().isInterrupted()) {
        return; // cancelled: not run, to be run on resume
      }
      Rollout written = write(r, out);
      listener.rolloutFinished(written);
      group.add(written);
      if (group.size() == groupSize) {
        listener.groupFinished(new RolloutGroup(written.itemIndex(), written.itemId(), List.copyOf(group)));
      }
    } catch (Throwable e) {
      lost.incrementAndGet();
      listener.rolloutLost(key, "could not record the rollout: " + Failures.describe(e));
    }
  }

  /**
   * Appends a rollout to the file. When its whole record cannot be written (no memory left for a huge
   * transcript, a value JSON cannot hold), a record of the failure without the transcript is written
   * instead, so that the rollout is still counted and runs again on resume.
   */
  private static Rollout write(Rollout r, RolloutFile out) {
    if (out == null) {
      return r;
    }
    try {
      out.append(r);
      return r;
    } catch (Throwable e) {
      Rollout stripped = r.stripped("could not record the rollout: " + Failures.describe(e)
          + (r.ok() ? "" : " (it had failed: " + r.error() + ")"));
      out.append(stripped);
      return stripped;
    }
  }

  private void runAll(List<Runnable> work) throws InterruptedException {
    Semaphore slots = new Semaphore(concurrency);
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    try {
      for (Runnable task : work) {
        slots.acquire();
        pool.execute(() -> {
          try {
            task.run();
          } finally {
            slots.release();
          }
        });
      }
      pool.shutdown();
      while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
        // waiting for the last rollouts; an interrupt ends the wait
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
      Thread.currentThread().interrupt();
    } finally {
      pool.shutdownNow();
    }
  }

  /** The items to run, with their positions in the dataset (a rollout's item index, also when a selection skips some). */
  private Map<Integer, Item> pullItems() throws Exception {
    Map<Integer, Item> planned = new LinkedHashMap<>();
    int wanted = selection.ids().isEmpty() ? items : Math.min(items, selection.ids().size());
    for (int position = 0; planned.size() < wanted; position++) {
      Item item = env.nextItem();
      if (item == null) {
        break;
      }
      if (selection.matches(item)) {
        planned.put(position, item);
      }
    }
    if (planned.isEmpty()) {
      throw new IllegalStateException(selection.all()
          ? "environment `" + env.config().name() + "` gave no items: check its dataset"
          : "no item of environment `" + env.config().name() + "` is one of the " + selection.describe());
    }
    return planned;
  }

  /** Builds a {@link RolloutRunner}. Defaults: 1 item, the environment's group size, 8 at a time, no output file. */
  public static final class Builder {
    private final Environment env;
    private final ChatModel model;
    private SandboxProvider sandboxes;
    private int items = 1;
    private Integer groupSize;
    private int concurrency = 8;
    private Path output;
    private RolloutListener listener = RolloutListener.NONE;
    private ToolCallParser fallbackParser;
    private Long seed;
    private ItemSelection selection = ItemSelection.ALL;
    private Shard shard;

    private Builder(Environment env, ChatModel model) {
      this.env = Objects.requireNonNull(env, "env == null");
      this.model = Objects.requireNonNull(model, "model == null");
    }

    public Builder sandboxes(SandboxProvider provider) {
      this.sandboxes = provider;
      return this;
    }

    public Builder items(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("items must be at least 1, got " + n);
      }
      this.items = n;
      return this;
    }

    public Builder groupSize(Integer n) {
      if (n != null && n < 1) {
        throw new IllegalArgumentException("group size must be at least 1, got " + n);
      }
      this.groupSize = n;
      return this;
    }

    public Builder concurrency(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1, got " + n);
      }
      this.concurrency = n;
      return this;
    }

    public Builder output(Path file) {
      this.output = file;
      return this;
    }

    public Builder listener(RolloutListener listener) {
      this.listener = listener == null ? RolloutListener.NONE : listener;
      return this;
    }

    /**
     * The run's seed: each rollout sends its own seed, derived from this one, its item and its sample,
     * in every request ({@code seed} in the body, which vLLM, SGLang and OpenAI honour) and records it.
     */
    public Builder seed(Long runSeed) {
      this.seed = runSeed;
      return this;
    }

    /** Runs only the items the selection takes ({@code items} of them at most), keeping their dataset positions. */
    public Builder select(ItemSelection items) {
      this.selection = items == null ? ItemSelection.ALL : items;
      return this;
    }

    /**
     * Runs only this shard's part of the selected items (all their samples), and records the shard in
     * the output file's header; {@code null}: the whole run.
     */
    public Builder shard(Shard part) {
      this.shard = part;
      return this;
    }

    /** Recovers tool calls from plain text when the model server returned none (default: the environment's parser). */
    public Builder fallbackParser(ToolCallParser parser) {
      this.fallbackParser = parser;
      return this;
    }

    public RolloutRunner build() {
      return new RolloutRunner(this);
    }
  }
}

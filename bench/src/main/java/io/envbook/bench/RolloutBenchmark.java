package io.envbook.bench;

import io.envbook.env.EnvConfig;
import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.env.Limits;
import io.envbook.env.Reward;
import io.envbook.env.ToolContext;
import io.envbook.loop.AgentResult;
import io.envbook.model.ChatModel;
import io.envbook.model.ChatRequest;
import io.envbook.model.ChatResponse;
import io.envbook.model.ToolSchema;
import io.envbook.model.openai.OpenAiModel;
import io.envbook.rollout.RolloutRunner;
import io.envbook.rollout.RunSummary;
import io.envbook.sandbox.LocalSandboxProvider;
import io.envbook.tools.Tool;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load benchmark (not a test): N rollouts of T turns each, all at once, against a local
 * OpenAI-compatible stub that answers at once, with a local sandbox per rollout. Reports rollouts per
 * second (each with its own sandbox and its JSONL record), the engine's overhead per turn (time between one model call's return and the next call,
 * which covers tool dispatch and bookkeeping), the model-call round trip through OkHttp and the stub,
 * and peak heap.
 *
 * <pre>
 * java -Xmx1g -cp bench/target/classes:... io.envbook.bench.RolloutBenchmark 1000 5 1000
 * </pre>
 */
public final class RolloutBenchmark {
  private RolloutBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rollouts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int turns = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : rollouts;
    try (OpenAiStub stub = new OpenAiStub(turns)) {
      run(stub, Math.min(200, rollouts), turns, Math.min(200, concurrency), false);
      System.gc();
      run(stub, rollouts, turns, concurrency, true);
    }
  }

  private static void run(OpenAiStub stub, int rollouts, int turns, int concurrency, boolean report) throws Exception {
    OpenAiModel http = OpenAiModel.builder().server(stub.baseUrl()).model("stub").maxConcurrentPerServer(concurrency).maxRetries(0).build();
    TimedModel model = new TimedModel(http, rollouts * turns);
    HeapSampler heap = new HeapSampler();
    heap.start();
    long t0 = System.nanoTime();
    RunSummary s;
    java.nio.file.Path out = java.nio.file.Files.createTempFile("envbook-bench-", ".jsonl");
    try (LocalSandboxProvider sandboxes = new LocalSandboxProvider()) {
      s = RolloutRunner.builder(new BenchEnv(turns), model).sandboxes(sandboxes).items(rollouts).groupSize(1)
          .concurrency(concurrency).output(out).build().run();
    } finally {
      java.nio.file.Files.deleteIfExists(out);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    heap.stop();
    if (!report) {
      return;
    }
    if (s.failed() > 0) {
      throw new IllegalStateException(s.failed() + " rollouts failed: " + s.rollouts().stream().filter(r -> !r.ok()).findFirst().get().error());
    }
    long[] gaps = model.gaps();
    long[] calls = model.calls();
    System.out.printf(Locale.ROOT, "rollouts %d, turns %d, concurrency %d, JDK %s, %d cores%n", rollouts, turns, concurrency,
        Runtime.version(), Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "wall %.2f s, %.0f rollouts/s, %d model calls%n", seconds, rollouts / seconds, stub.requests());
    System.out.printf(Locale.ROOT, "engine overhead per turn: p50 %.3f ms, p99 %.3f ms (%d samples)%n",
        pct(gaps, 50), pct(gaps, 99), gaps.length);
    System.out.printf(Locale.ROOT, "model call round trip (OkHttp + JSON + loopback stub): p50 %.3f ms, p99 %.3f ms%n",
        pct(calls, 50), pct(calls, 99));
    System.out.printf(Locale.ROOT, "peak heap used %.0f MB (max heap %.0f MB)%n", heap.peak() / 1e6,
        Runtime.getRuntime().maxMemory() / 1e6);
  }

  private static double pct(long[] values, int p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  /** Times each model call, and the gap since the same rollout's previous call returned. */
  static final class TimedModel implements ChatModel {
    private final ChatModel delegate;
    private final long[] gaps;
    private final long[] calls;
    private final AtomicInteger gapCount = new AtomicInteger();
    private final AtomicInteger callCount = new AtomicInteger();
    /** When each rollout's last call returned, by task id (calls of one rollout run on different threads). */
    private final Map<String, Long> lastReturn = new java.util.concurrent.ConcurrentHashMap<>();

    TimedModel(ChatModel delegate, int capacity) {
      this.delegate = delegate;
      this.gaps = new long[capacity];
      this.calls = new long[capacity];
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      long start = System.nanoTime();
      Long last = lastReturn.get(request.origin().taskId());
      if (last != null) {
        record(gaps, gapCount, start - last);
      }
      ChatResponse r = delegate.chat(request);
      long end = System.nanoTime();
      record(calls, callCount, end - start);
      lastReturn.put(request.origin().taskId(), end);
      return r;
    }

    private static void record(long[] into, AtomicInteger count, long value) {
      int i = count.getAndIncrement();
      if (i < into.length) {
        into[i] = value;
      }
    }

    long[] gaps() {
      return Arrays.copyOf(gaps, Math.min(gaps.length, gapCount.get()));
    }

    long[] calls() {
      return Arrays.copyOf(calls, Math.min(calls.length, callCount.get()));
    }

    @Override
    public String name() {
      return delegate.name();
    }
  }

  /** Samples used heap every 10 ms and keeps the peak. */
  static final class HeapSampler {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;

    void start() {
      thread = Thread.ofPlatform().daemon().start(() -> {
        while (running) {
          peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
      peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
    }

    long peak() {
      return peak.get();
    }
  }

  /** One item per rollout, a tool {@code noop}, reward 1 when the loop finished on its own. */
  static final class BenchEnv implements Environment {
    private final int turns;
    private int next;

    BenchEnv(int turns) {
      this.turns = turns;
    }

    @Override
    public EnvConfig config() {
      return EnvConfig.builder("bench").limits(Limits.DEFAULT.withMaxTurns(turns + 1)).build();
    }

    @Override
    public Item nextItem() {
      int i = next++;
      return Item.of("i" + i, Map.of("i", i));
    }

    @Override
    public String formatPrompt(Item item) {
      return "Call noop " + (turns - 1) + " times, then say done.";
    }

    @Override
    public List<Tool> tools() {
      return List.of(Tool.of(new ToolSchema("noop", "Does nothing.", null), (a, c) -> "{\"ok\":true}"));
    }

    @Override
    public Reward computeReward(Item item, AgentResult result, ToolContext ctx) {
      return Reward.of(result.finishedNaturally() && result.turnsUsed() == turns ? 1 : 0);
    }
  }
}

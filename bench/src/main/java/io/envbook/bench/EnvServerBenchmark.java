package io.envbook.bench;

import io.envbook.env.EnvConfig;
import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.env.Limits;
import io.envbook.env.Reward;
import io.envbook.env.ToolContext;
import io.envbook.json.Json;
import io.envbook.loop.AgentResult;
import io.envbook.model.ToolSchema;
import io.envbook.sandbox.LocalSandboxProvider;
import io.envbook.server.EnvServer;
import io.envbook.server.EnvServerSettings;
import io.envbook.tools.Tool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Load benchmark (not a test) of {@code envbook env-server}: E episodes at once, each S steps of one
 * call to a tool that answers at once, then a final message, over HTTP and over WebSocket, with the
 * JDK's clients on loopback. Since the tool takes no time, a step's round trip is the server's
 * overhead per step (parsing, the agent loop's dispatch, the hand-off between threads, JSON) plus
 * loopback. Reports p50/p90/p99 per step and steps per second.
 *
 * <pre>
 * bench/run EnvServerBenchmark 100 20
 * </pre>
 */
public final class EnvServerBenchmark {
  private EnvServerBenchmark() {}

  /** 100 items; a {@code ping} tool that answers at once; the reward is 1 whatever happened. */
  static final class Pings implements Environment {
    private int next;

    @Override
    public EnvConfig config() {
      return EnvConfig.builder("pings").limits(Limits.DEFAULT.withMaxTurns(10_000)).build();
    }

    @Override
    public void setup() {
      next = 0;
    }

    @Override
    public Item nextItem() {
      return next < 100 ? Item.of("i" + next, Map.of("n", next++)) : null;
    }

    @Override
    public String formatPrompt(Item item) {
      return "ping";
    }

    @Override
    public Reward computeReward(Item item, AgentResult result, ToolContext ctx) {
      return Reward.of(1);
    }

    @Override
    public List<Tool> tools() {
      ToolSchema schema = new ToolSchema("ping", "Answers pong.", Json.parse("{\"type\": \"object\", \"properties\": {}}"));
      return List.of(Tool.of(schema, (args, ctx) -> "pong"));
    }
  }

  public static void main(String[] args) throws Exception {
    int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Environment env = new Pings();
    try (LocalSandboxProvider sandboxes = new LocalSandboxProvider();
        EnvServer server = EnvServer.start(env, sandboxes, EnvServerSettings.builder().port(0).sessions(episodes + 10).build())) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      run("warm-up http", episodes, steps, () -> httpEpisode(http, server.uri(), steps), false);
      run("warm-up websocket", episodes, steps, () -> wsEpisode(http, server.uri(), steps), false);
      for (int at : new int[] {1, episodes}) {
        int n = at == 1 ? 10 : at;
        int perEpisode = at == 1 ? Math.max(steps, 100) : steps;
        run("http", n, perEpisode, () -> httpEpisode(http, server.uri(), perEpisode), at == 1 ? 1 : n);
        run("websocket", n, perEpisode, () -> wsEpisode(http, server.uri(), perEpisode), at == 1 ? 1 : n);
      }
    }
  }

  interface Episode {
    List<Long> run() throws Exception;
  }

  private static void run(String label, int episodes, int steps, Episode episode, boolean report) throws Exception {
    run(label, episodes, steps, episode, report ? episodes : 0);
  }

  /** {@code atOnce} episodes at a time ({@code 0}: all, unreported). */
  private static void run(String label, int episodes, int steps, Episode episode, int atOnce) throws Exception {
    boolean report = atOnce > 0;
    List<Long> all = Collections.synchronizedList(new ArrayList<>());
    long t0 = System.nanoTime();
    try (ExecutorService pool = atOnce == 1 ? Executors.newSingleThreadExecutor() : Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<List<Long>>> runs = new ArrayList<>();
      for (int e = 0; e < episodes; e++) {
        runs.add(pool.submit(episode::run));
      }
      for (Future<List<Long>> f : runs) {
        all.addAll(f.get());
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (report) {
      List<Long> sorted = new ArrayList<>(all);
      Collections.sort(sorted);
      System.out.printf(Locale.ROOT, "%-9s %3d episodes x %3d steps, %3d at once: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms per step; %.0f steps/s%n",
          label, episodes, steps, atOnce, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted.size() / seconds);
    }
  }

  private static double pct(List<Long> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
  }

  private static final String PING = "{\"tool_calls\": [{\"name\": \"ping\", \"arguments\": {}}]}";

  private static List<Long> httpEpisode(HttpClient http, URI base, int steps) throws Exception {
    String reset = send(http, base.resolve("/reset"), "{}");
    String id = Json.parse(reset).get("observation").get("episode_id").asString();
    List<Long> times = new ArrayList<>();
    for (int s = 0; s < steps; s++) {
      long t = System.nanoTime();
      send(http, base.resolve("/step"), "{\"episode_id\": \"" + id + "\", \"action\": " + PING + "}");
      times.add(System.nanoTime() - t);
    }
    send(http, base.resolve("/step"), "{\"episode_id\": \"" + id + "\", \"action\": {\"content\": \"done\"}}");
    return times;
  }

  private static String send(HttpClient http, URI uri, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  private static List<Long> wsEpisode(HttpClient http, URI base, int steps) throws Exception {
    LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
    WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(base.toString().replace("http", "ws") + "/ws"), new WebSocket.Listener() {
      private final StringBuilder text = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          answers.add(text.toString());
          text.setLength(0);
        }
        socket.request(1);
        return CompletableFuture.completedFuture(null);
      }
    }).get(30, TimeUnit.SECONDS);
    ws.sendText("{\"type\": \"reset\", \"data\": {}}", true).get();
    answers.poll(60, TimeUnit.SECONDS);
    List<Long> times = new ArrayList<>();
    for (int s = 0; s < steps; s++) {
      long t = System.nanoTime();
      ws.sendText("{\"type\": \"step\", \"data\": " + PING + "}", true).get();
      if (answers.poll(60, TimeUnit.SECONDS) == null) {
        throw new IllegalStateException("no answer to a step within 60 s");
      }
      times.add(System.nanoTime() - t);
    }
    ws.sendText("{\"type\": \"close\"}", true).get();
    return times;
  }
}

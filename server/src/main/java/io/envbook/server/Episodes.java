package io.envbook.server;

import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.rollout.Provenance;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutFile;
import io.envbook.rollout.RolloutKey;
import io.envbook.rollout.SingleRollouts;
import io.envbook.sandbox.SandboxProvider;
import io.envbook.util.Suggest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The open episodes of a server: opened by a reset on a chosen item, closed when they end, when
 * their client leaves, or when idle past the timeout (a reaper checks every second). At most
 * {@code sessions} run at once. Every finished episode is appended to the rollout file, if any.
 */
final class Episodes implements AutoCloseable {
  private static final int MAX_ITEMS = 1_000_000;
  private static final Set<String> RESET_KEYS = Set.of("seed", "episode_id", "item_id", "item_index");
  private final Environment env;
  private final SingleRollouts rollouts;
  private final EnvServerSettings settings;
  private final RolloutFile out;
  private final List<Item> items = new ArrayList<>();
  private final Map<String, Episode> open = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> samples = new ConcurrentHashMap<>();
  private final AtomicInteger nextItem = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private final Thread reaper;
  private volatile String httpDefault;

  Episodes(Environment env, SandboxProvider sandboxes, EnvServerSettings settings) throws Exception {
    this.env = env;
    this.settings = settings;
    this.rollouts = new SingleRollouts(env, sandboxes);
    env.setup();
    for (Item i = env.nextItem(); i != null && items.size() < MAX_ITEMS; i = env.nextItem()) {
      items.add(i);
    }
    if (items.isEmpty()) {
      throw new IllegalStateException("environment `" + env.config().name() + "` has no items to open episodes on");
    }
    this.out = settings.out() == null ? null : openOut(env, sandboxes, settings.out());
    this.reaper = Thread.ofVirtual().name("episode-reaper").start(this::reap);
  }

  /**
   * The rollout file, headed as a run of the trainer's "model" with one rollout per episode. Samples
   * go on from those an earlier server left in it, so no episode's record hides another's.
   */
  private RolloutFile openOut(Environment env, SandboxProvider sandboxes, java.nio.file.Path path) throws IOException {
    if (java.nio.file.Files.exists(path)) {
      for (Rollout r : RolloutFile.read(path).rollouts()) {
        samples.computeIfAbsent(r.itemIndex(), k -> new AtomicInteger()).accumulateAndGet(r.sample() + 1, Math::max);
      }
    }
    return RolloutFile.openForAppend(path, Provenance.of(env, new EpisodeModel(Duration.ZERO), 1, sandboxes.name()));
  }

  SingleRollouts rollouts() {
    return rollouts;
  }

  int items() {
    return items.size();
  }

  /** Episodes open and not done. */
  int active() {
    return (int) open.values().stream().filter(e -> !e.done()).count();
  }

  int finished() {
    return finished.get();
  }

  /**
   * Opens an episode on the item the request names ({@code item_id}, {@code item_index}, or
   * {@code seed} mod the number of items; else the next in turn) and answers with its first
   * observation. {@code overHttp}: an HTTP client that names no episode in its steps gets this one.
   */
  ObjectNode reset(JsonNode request, boolean overHttp) throws InterruptedException {
    JsonNode r = request == null || request.isNull() ? io.envbook.json.Json.object() : request;
    if (!r.isObject()) {
      throw BadRequest.invalid("the reset body must be a JSON object such as {\"seed\": 7} or {}");
    }
    for (String key : r.propertyNames()) {
      if (!RESET_KEYS.contains(key)) {
        throw BadRequest.invalid("reset takes no `" + key + "`:" + Suggest.didYouMean(key, RESET_KEYS)
            + " it takes seed, episode_id, item_id and item_index");
      }
    }
    if (active() >= settings.sessions()) {
      throw new BadRequest(503, "the server already runs its " + settings.sessions()
          + " episodes at once (--sessions): finish or close one first");
    }
    int index = pick(r);
    Item item = items.get(index);
    String id = r.hasNonNull("episode_id") ? r.get("episode_id").asString() : newId();
    if (id.isBlank() || id.length() > 255) {
      throw BadRequest.invalid("an episode_id is 1 to 255 characters");
    }
    int sample = samples.computeIfAbsent(index, k -> new AtomicInteger()).getAndIncrement();
    // a step cannot outlast the rollout's wall time, which the agent loop enforces; the margin covers the reward
    Duration stepBound = env.limits(item).wallTime().plus(Duration.ofSeconds(30));
    Episode e = new Episode(id, item, new RolloutKey(index, item.id(), sample), settings.idleTimeout(), stepBound);
    if (open.putIfAbsent(id, e) != null) {
      throw new BadRequest(409, "episode `" + id + "` is already open: give another episode_id, or none");
    }
    if (!r.hasNonNull("episode_id") && overHttp) {
      httpDefault = id;
    }
    return e.start(rollouts, this::ended);
  }

  private int pick(JsonNode r) {
    if (r.hasNonNull("item_id")) {
      String want = r.get("item_id").asString();
      for (int i = 0; i < items.size(); i++) {
        if (items.get(i).id().equals(want)) {
          return i;
        }
      }
      List<String> ids = items.stream().map(Item::id).limit(10_000).toList();
      throw new BadRequest(404, "there is no item `" + want + "`:" + Suggest.didYouMean(want, ids) + " the environment has "
          + items.size() + " items");
    }
    if (r.hasNonNull("item_index")) {
      int i = r.get("item_index").asInt(-1);
      if (!r.get("item_index").canConvertToInt() || i < 0 || i >= items.size()) {
        throw BadRequest.invalid("item_index must be 0 to " + (items.size() - 1) + ", not " + r.get("item_index"));
      }
      return i;
    }
    if (r.hasNonNull("seed")) {
      JsonNode seed = r.get("seed");
      if (!seed.canConvertToLong() || seed.asLong() < 0) {
        throw BadRequest.invalid("seed must be a whole number, 0 or more, not " + seed);
      }
      return (int) (seed.asLong() % items.size());
    }
    return Math.floorMod(nextItem.getAndIncrement(), items.size());
  }

  /** The episode with this id; {@code null} id means the last one an HTTP client opened without naming it. */
  Episode get(String id) {
    String key = id != null ? id : httpDefault;
    if (key == null) {
      throw BadRequest.invalid("say which episode: pass the episode_id that /reset's observation gave");
    }
    Episode e = open.get(key);
    if (e == null) {
      throw BadRequest.unknownEpisode(key);
    }
    return e;
  }

  /** Closes an episode now (its client left or asked), removing its sandbox. */
  void close(Episode e, String why) {
    e.close(why);
  }

  private void ended(Rollout r) {
    finished.incrementAndGet();
    if (out != null) {
      out.append(r);
    }
  }

  private void reap() {
    long idle = settings.idleTimeout().toNanos();
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(Math.min(1000, Math.max(10, settings.idleTimeout().toMillis() / 4)));
      } catch (InterruptedException e) {
        return;
      }
      for (Episode e : open.values()) {
        if (e.idleNanos() > idle) {
          if (e.done()) {
            open.remove(e.id(), e);
          } else {
            e.close("no request came for " + settings.idleTimeout().toSeconds() + " s: the episode was closed as idle");
          }
        }
      }
    }
  }

  private static String newId() {
    byte[] b = new byte[8];
    ThreadLocalRandom.current().nextBytes(b);
    return "ep-" + HexFormat.of().formatHex(b);
  }

  /** Closes every open episode and waits (up to 30 s) for their rollouts to end and their sandboxes to go. */
  @Override
  public void close() throws IOException {
    reaper.interrupt();
    open.values().forEach(e -> e.close("the server stopped"));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (open.values().stream().anyMatch(e -> !e.done()) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    rollouts.close();
    if (out != null) {
      out.close();
    }
  }
}

package io.envbook.model.cache;

import io.envbook.json.Json;
import io.envbook.model.ChatModel;
import io.envbook.model.ChatRequest;
import io.envbook.model.ChatResponse;
import io.envbook.model.MessageCodec;
import io.envbook.model.ModelException;
import io.envbook.model.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model whose answers are kept on disk, keyed by the whole request ({@link CallKey}): the same
 * call again, in a re-run notebook cell or a second {@code eval}, is answered from the cache without
 * calling the model. {@link CacheMode#REFRESH} calls the model anyway and replaces what is kept.
 *
 * <p>Every miss is explained: the call from the same item, sample and turn that was cached last is
 * compared with this one, and the fields that differ are named ("temperature (0.7 → 0.2)"), logged
 * at debug level and kept in {@link #stats()}. One file per call, written whole (temporary file,
 * then rename), so a killed run leaves no torn entry.
 *
 * <pre>{@code
 * ChatModel cached = CachingModel.wrap(model, CachingModel.defaultDir(), CacheMode.ON);
 * }</pre>
 */
public final class CachingModel implements ChatModel {
  private static final Logger LOG = LoggerFactory.getLogger(CachingModel.class);
  private static final int REASONS_KEPT = 20;

  private final ChatModel model;
  private final Path dir;
  private final CacheMode mode;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong refreshed = new AtomicLong();
  private final List<String> reasons = new ArrayList<>();

  private CachingModel(ChatModel model, Path dir, CacheMode mode) {
    this.model = Objects.requireNonNull(model, "model == null");
    this.dir = Objects.requireNonNull(dir, "dir == null");
    this.mode = mode;
  }

  /** {@code model} behind a cache in {@code dir}; with {@link CacheMode#OFF}, {@code model} itself. */
  public static ChatModel wrap(ChatModel model, Path dir, CacheMode mode) {
    if (mode == CacheMode.OFF) {
      return model;
    }
    ChatModel inner = model instanceof CachingModel c ? c.model : model;
    return new CachingModel(inner, dir, mode);
  }

  /** {@code $XDG_CACHE_HOME/envbook/model-calls}, else {@code ~/.cache/envbook/model-calls}. */
  public static Path defaultDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("envbook").resolve("model-calls");
  }

  @Override
  public ChatResponse chat(ChatRequest request) throws ModelException {
    CallKey key = CallKey.of(model.name(), model.requestDefaults(), request);
    Path entry = dir.resolve(key.hash().substring(0, 2)).resolve(key.hash() + ".json");
    if (mode == CacheMode.ON) {
      ChatResponse cached = read(entry);
      if (cached != null) {
        hits.incrementAndGet();
        return cached;
      }
      misses.incrementAndGet();
      explainMiss(key, request);
    } else {
      refreshed.incrementAndGet();
    }
    ChatResponse response = model.chat(request);
    write(entry, key, response);
    writeOrigin(request, key);
    return response;
  }

  private ChatResponse read(Path entry) {
    if (!Files.exists(entry)) {
      return null;
    }
    try {
      JsonNode o = Json.parse(Files.readString(entry, StandardCharsets.UTF_8)).get("response");
      return new ChatResponse(MessageCodec.fromJson(o.get("message")), Json.text(o, "finish_reason"),
          new Usage(o.path("prompt_tokens").asLong(0), o.path("completion_tokens").asLong(0)));
    } catch (IOException | RuntimeException e) {
      LOG.debug("cache entry {} is unreadable, calling the model again", entry, e);
      return null;
    }
  }

  private void write(Path entry, CallKey key, ChatResponse response) {
    ObjectNode o = Json.object();
    o.set("key", key.fields());
    ObjectNode r = o.putObject("response");
    r.set("message", MessageCodec.toJson(response.message()));
    r.put("finish_reason", response.finishReason());
    r.put("prompt_tokens", response.usage().promptTokens()).put("completion_tokens", response.usage().completionTokens());
    writeAtomically(entry, Json.write(o));
  }

  private void writeOrigin(ChatRequest request, CallKey key) {
    writeAtomically(originFile(request), key.hash());
  }

  private Path originFile(ChatRequest request) {
    return dir.resolve("origins").resolve(CallKey.originHash(model.name(), request));
  }

  private void explainMiss(CallKey key, ChatRequest request) {
    ChatRequest.Origin o = request.origin();
    String where = "item " + (o.itemId().isEmpty() ? "?" : o.itemId()) + " sample " + o.sample() + " turn " + o.turn();
    String reason;
    try {
      Path origin = originFile(request);
      String earlier = Files.exists(origin) ? Files.readString(origin).trim() : null;
      Path earlierEntry = earlier == null ? null : dir.resolve(earlier.substring(0, 2)).resolve(earlier + ".json");
      if (earlierEntry == null || !Files.exists(earlierEntry)) {
        reason = where + ": not called before";
      } else {
        ObjectNode before = (ObjectNode) Json.parse(Files.readString(earlierEntry, StandardCharsets.UTF_8)).get("key");
        List<String> diff = key.differencesFrom(before);
        reason = where + ": " + (diff.isEmpty() ? "no field differs (the entry was removed)" : "changed " + String.join(", ", diff));
      }
    } catch (IOException | RuntimeException e) {
      reason = where + ": the earlier call could not be read (" + e.getMessage() + ")";
    }
    LOG.debug("cache miss for {}", reason);
    synchronized (reasons) {
      if (reasons.size() < REASONS_KEPT) {
        reasons.add(reason);
      }
    }
  }

  private void writeAtomically(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".tmp-", ".json");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LOG.warn("could not write the model-call cache at {}: {}", file, e.getMessage());
    }
  }

  /** Hits, misses, refreshed calls and the reasons of the first misses, so far. */
  public CacheStats stats() {
    synchronized (reasons) {
      return new CacheStats(hits.get(), misses.get(), refreshed.get(), reasons);
    }
  }

  public Path dir() {
    return dir;
  }

  public CacheMode mode() {
    return mode;
  }

  /** The model behind the cache. */
  public ChatModel model() {
    return model;
  }

  @Override
  public String name() {
    return model.name();
  }

  /** The model's own: a cached run resumes the files the model wrote uncached, and the other way round. */
  @Override
  public java.util.Map<String, String> provenance() {
    return model.provenance();
  }

  @Override
  public boolean builtIn() {
    return model.builtIn();
  }

  @Override
  public void close() {
    model.close();
  }
}

package io.envbook.dsl;

import io.envbook.model.ChatModel;
import io.envbook.model.cache.CacheMode;
import io.envbook.model.cache.CachingModel;
import io.envbook.model.openai.OpenAiModel;
import io.envbook.util.Suggest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The options of {@code openai(...)}, in an environment's {@code model} and in notebook cells alike:
 *
 * <pre>{@code
 * openai(baseUrl: 'http://localhost:8000/v1', model: 'Qwen/Qwen3-8B', apiKey: env('OPENAI_API_KEY'))
 * openai(baseUrl: ['http://gpu1:8000/v1', 'http://gpu2:8000/v1'], model: 'Qwen/Qwen3-8B', maxRequests: 64)
 * openai(baseUrl: 'http://localhost:8000/v1', model: 'm', maxResponseBytes: 64 << 20)   // answers up to 64 MiB
 * openai(baseUrl: 'http://localhost:8000/v1', model: 'Qwen/Qwen3-8B', sampling: [top_p: 0.9, response_format: [type: 'json_object']])
 * openai(baseUrl: 'http://localhost:8000/v1', model: 'Qwen/Qwen3-8B', cache: true)   // or 'refresh'; cacheDir: to move it
 * }</pre>
 */
final class OpenAiOptions {
  static final List<String> NAMES = List.of("baseUrl", "model", "apiKey", "maxRequests", "maxRetries", "maxResponseBytes", "sampling", "cache", "cacheDir");

  private OpenAiOptions() {}

  /** The model the options describe; a mistake in them is thrown as {@code error} of one sentence. */
  static ChatModel model(Map<String, ?> options, Function<String, RuntimeException> error) {
    OpenAiModel.Builder b = OpenAiModel.builder();
    CacheMode cache = CacheMode.OFF;
    java.nio.file.Path cacheDir = CachingModel.defaultDir();
    for (Map.Entry<String, ?> e : options.entrySet()) {
      Object v = e.getValue();
      switch (e.getKey()) {
        case "baseUrl" -> {
          if (v instanceof List<?> urls) {
            urls.forEach(u -> b.server(String.valueOf(u)));
          } else {
            b.server(String.valueOf(v));
          }
        }
        case "model" -> b.model(String.valueOf(v));
        case "apiKey" -> b.apiKey(v == null ? null : String.valueOf(v));
        case "maxRequests" -> b.maxConcurrentPerServer(number(e.getKey(), v, error));
        case "maxRetries" -> b.maxRetries(number(e.getKey(), v, error));
        case "maxResponseBytes" -> b.maxResponseBytes(number(e.getKey(), v, error));
        case "cache" -> {
          try {
            cache = CacheMode.parse(v);
          } catch (IllegalArgumentException bad) {
            throw error.apply("openai option " + bad.getMessage());
          }
        }
        case "cacheDir" -> cacheDir = java.nio.file.Path.of(String.valueOf(v));
        case "sampling" -> {
          if (!(v instanceof Map<?, ?> m)) {
            throw error.apply("openai option `sampling` takes a map of request fields, e.g. sampling: [top_p: 0.9, seed: 7]");
          }
          @SuppressWarnings("unchecked")
          Map<String, ?> fields = (Map<String, ?>) m;
          b.extraBody(Values.plainMap(fields));
        }
        default -> throw error.apply("unknown openai option `" + e.getKey() + "`:"
            + Suggest.didYouMean(e.getKey(), NAMES) + " Options: " + String.join(", ", NAMES));
      }
    }
    if (!options.containsKey("baseUrl") || !options.containsKey("model")) {
      throw error.apply("openai(...) needs baseUrl: and model:, e.g. openai(baseUrl: 'http://localhost:8000/v1', model: 'Qwen/Qwen3-8B')");
    }
    return CachingModel.wrap(b.build(), cacheDir, cache);
  }

  private static int number(String option, Object v, Function<String, RuntimeException> error) {
    if (v instanceof Number n) {
      return n.intValue();
    }
    throw error.apply("openai option `" + option + "` takes a number, not " + (v == null ? "null" : "`" + v + "`"));
  }
}

package io.envbook.cli;

import io.envbook.env.Environment;
import io.envbook.model.ChatModel;
import io.envbook.model.ReplayModel;
import io.envbook.model.ScriptedModel;
import io.envbook.model.cache.CacheMode;
import io.envbook.model.cache.CachingModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that choose a model: a built-in offline model, or an OpenAI-compatible server. */
final class ModelOptions {
  @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
      description = "scripted (built-in offline model), oracle (runs each task's reference solution, to check a task set), replay:FILE (answers from a saved rollout file), tokens:NAME (token mode on a "
          + "vLLM server at --base-url: exact token ids, masks and logprobs), sglang:NAME (the same on an SGLang server, ChatML "
          + "template), or a model name served at --base-url "
          + "(default: the model the script declares, else scripted).")
  String model;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "OpenAI-compatible server, e.g. http://localhost:8000/v1; repeat for several servers (least-busy routing).")
  List<String> baseUrls = new ArrayList<>();

  @Option(names = "--api-key-env", paramLabel = "VAR", defaultValue = "OPENAI_API_KEY",
      description = "Environment variable holding the API key (default: ${DEFAULT-VALUE}); the key is never printed or saved.")
  String apiKeyEnv;

  @Option(names = "--max-requests", paramLabel = "N", defaultValue = "64",
      description = "Requests at once per server (default: ${DEFAULT-VALUE}).")
  int maxRequests;

  @Option(names = "--sample", paramLabel = "KEY=VALUE",
      description = "A sampling option sent in every request body, the value read as JSON when it is JSON: --sample top_p=0.9 "
          + "--sample 'response_format={\"type\":\"json_object\"}' (repeatable).")
  Map<String, String> sampling = new LinkedHashMap<>();

  /** Hears the model's retries; a command forwards them to its progress display. */
  final RetryRelay retries = new RetryRelay();

  @Option(names = "--cache", paramLabel = "MODE", arity = "0..1", fallbackValue = "on", defaultValue = "off",
      description = "Keep model answers on disk, keyed by the whole request: on (a call made before is answered from the cache), "
          + "refresh (call again and replace) or off (default: ${DEFAULT-VALUE}; --cache alone is on).")
  String cache;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where the cache lives (default: ~/.cache/envbook/model-calls).")
  Path cacheDir;

  @Option(names = "--judge-model", paramLabel = "NAME",
      description = "The model the reward's judge(...) asks, served at --judge-base-url (default: the environment's judge).")
  String judgeModel;

  @Option(names = "--judge-base-url", paramLabel = "URL", description = "The judge model's server (default: the first --base-url).")
  String judgeBaseUrl;

  private io.envbook.env.OracleAgent oracle;

  /** The environment the chosen model runs in: for the oracle, one that puts each item's solution in its sandbox. */
  Environment environmentFor(Environment env) {
    if (!"oracle".equals(model)) {
      return env;
    }
    oracle = io.envbook.env.OracleAgent.of(env);
    return oracle.environment();
  }

  ChatModel create(Environment env) throws IOException {
    useJudge(env);
    CacheMode mode;
    try {
      mode = CacheMode.parse(cache);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--cache " + e.getMessage().substring("cache ".length()));
    }
    ChatModel m = chosen(env);
    if (mode != CacheMode.OFF && m instanceof io.envbook.model.token.TokenTracing) {
      throw new UsageException("--cache does not work in token mode: every rollout needs its own token ids and logprobs");
    }
    Path dir = cacheDir != null ? cacheDir : CachingModel.defaultDir();
    if (env instanceof io.envbook.dsl.DslEnvironment dsl && dsl.judgeModel() != null) {
      dsl.useJudgeModel(CachingModel.wrap(dsl.judgeModel(), dir, mode));
    }
    return CachingModel.wrap(m, dir, mode);
  }

  private ChatModel chosen(Environment env) throws IOException {
    if (oracle != null) {
      return oracle.model();
    }
    if (model == null && env instanceof io.envbook.dsl.DslEnvironment dsl && dsl.declaredModel() != null) {
      return dsl.declaredModel();
    }
    if (model == null || model.equals("scripted")) {
      ScriptedModel.Policy policy = env.scriptedPolicy();
      if (policy == null) {
        throw new UsageException("environment `" + env.config().name()
            + "` has no scripted model: declare one in the script (model scripted { ... }) or pass --model NAME --base-url URL");
      }
      return ScriptedModel.policy(policy);
    }
    if (model.startsWith("replay:")) {
      return ReplayModel.load(Path.of(model.substring("replay:".length())));
    }
    if (baseUrls.isEmpty()) {
      throw new UsageException("model `" + model + "` needs a server: add --base-url http://HOST:PORT/v1 (or use --model scripted)");
    }
    if (model.startsWith("tokens:")) {
      return io.envbook.model.token.TokenModel.builder().server(baseUrls.get(0).replaceAll("/v1/?$", ""))
          .model(model.substring("tokens:".length())).apiKey(System.getenv(apiKeyEnv)).build();
    }
    if (model.startsWith("sglang:")) {
      return io.envbook.model.token.SglangModel.builder().server(baseUrls.get(0).replaceAll("/v1/?$", ""))
          .model(model.substring("sglang:".length())).apiKey(System.getenv(apiKeyEnv)).build();
    }
    return OpenAiModels.create(model, baseUrls, apiKeyEnv, maxRequests, samplingOptions(), retries);
  }

  /** The {@code --sample} options, each value as JSON when it reads as JSON, else as text. */
  Map<String, Object> samplingOptions() {
    Map<String, Object> out = new LinkedHashMap<>();
    sampling.forEach((k, v) -> {
      Object value;
      try {
        value = io.envbook.json.Json.toPlain(io.envbook.json.Json.parse(v));
      } catch (RuntimeException notJson) {
        value = v;
      }
      out.put(k, value);
    });
    return out;
  }

  private void useJudge(Environment env) {
    if (judgeModel == null) {
      return;
    }
    if (!(env instanceof io.envbook.dsl.DslEnvironment dsl)) {
      throw new UsageException("--judge-model works with environments written in the DSL, whose rewards call judge(...)");
    }
    String url = judgeBaseUrl != null ? judgeBaseUrl : baseUrls.isEmpty() ? null : baseUrls.get(0);
    if (url == null) {
      throw new UsageException("--judge-model " + judgeModel + " needs a server: add --judge-base-url http://HOST:PORT/v1");
    }
    dsl.useJudgeModel(OpenAiModels.create(judgeModel, List.of(url), apiKeyEnv, maxRequests, Map.of(), retries));
  }
}

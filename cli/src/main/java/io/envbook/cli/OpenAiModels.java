package io.envbook.cli;

import io.envbook.model.ChatModel;
import io.envbook.model.openai.OpenAiModel;
import java.util.List;
import java.util.Map;

/** Builds the OpenAI-compatible model the command line asks for. */
final class OpenAiModels {
  private OpenAiModels() {}

  static ChatModel create(String model, List<String> baseUrls, String apiKeyEnv, int maxRequests, Map<String, ?> sampling,
      io.envbook.model.RetryListener retries) {
    OpenAiModel.Builder b = OpenAiModel.builder().model(model).apiKeyFromEnv(apiKeyEnv).maxConcurrentPerServer(maxRequests)
        .extraBody(sampling).retryListener(retries);
    try {
      baseUrls.forEach(b::server);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return b.build();
  }
}

package io.envbook.model.token;

import java.time.Duration;

/**
 * Builds a token-mode model: its server root (without {@code /v1}), model name, optional API key and
 * read timeout (default 600 s).
 *
 * @param <M> the model built
 */
public final class TokenModelBuilder<M extends TokenTracing> {
  /** How a model is made from the settings. */
  interface Factory<M> {
    M create(String server, String model, String apiKey, Duration timeout);
  }

  private final String what;
  private final Factory<M> factory;
  private String server;
  private String model;
  private String apiKey;
  private Duration timeout = Duration.ofSeconds(600);

  TokenModelBuilder(String what, Factory<M> factory) {
    this.what = what;
    this.factory = factory;
  }

  /** The server root, e.g. {@code http://localhost:8000} (without {@code /v1}). */
  public TokenModelBuilder<M> server(String url) {
    this.server = url;
    return this;
  }

  public TokenModelBuilder<M> model(String model) {
    this.model = model;
    return this;
  }

  public TokenModelBuilder<M> apiKey(String key) {
    this.apiKey = key;
    return this;
  }

  public TokenModelBuilder<M> timeout(Duration d) {
    this.timeout = d;
    return this;
  }

  public M build() {
    if (server == null || model == null) {
      throw new IllegalArgumentException(what + " needs server(...) and model(...)");
    }
    return factory.create(server, model, apiKey, timeout);
  }
}

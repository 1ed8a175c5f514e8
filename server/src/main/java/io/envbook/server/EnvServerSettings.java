package io.envbook.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link EnvServer} runs.
 *
 * <pre>{@code
 * EnvServerSettings s = EnvServerSettings.builder().port(8000).sessions(64).build();
 * }</pre>
 *
 * @param host the address to listen on; 127.0.0.1 by default, 0.0.0.0 for trainers on other machines
 * @param port the port; 0 picks a free one
 * @param sessions how many episodes may be open at once
 * @param idleTimeout an episode that gets no request for this long is closed and its sandbox removed
 * @param out where every finished episode is appended as a rollout line, or {@code null}
 */
public record EnvServerSettings(String host, int port, int sessions, Duration idleTimeout, Path out) {
  public EnvServerSettings {
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(idleTimeout, "idleTimeout == null");
    if (sessions < 1) {
      throw new IllegalArgumentException("sessions must be at least 1, not " + sessions);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8000;
    private int sessions = 64;
    private Duration idleTimeout = Duration.ofMinutes(10);
    private Path out;

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder sessions(int sessions) {
      this.sessions = sessions;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Builder out(Path out) {
      this.out = out;
      return this;
    }

    public EnvServerSettings build() {
      return new EnvServerSettings(host, port, sessions, idleTimeout, out);
    }
  }
}

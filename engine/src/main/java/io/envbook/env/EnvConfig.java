package io.envbook.env;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an environment runs: its name, rollouts per item (the GRPO group), the system prompt, the
 * toolsets it enables, the tool-call parser for token mode, the sandbox backend and its settings (the
 * {@code kubernetes} backend's namespace, say), sampling temperature, per-rollout limits and the range its
 * rewards fall in.
 *
 * <pre>{@code
 * EnvConfig config = EnvConfig.builder("terminal-test")
 *     .groupSize(3).toolsets("terminal", "file").limits(Limits.DEFAULT.withMaxTurns(10)).build();
 * }</pre>
 */
public record EnvConfig(
    String name,
    int groupSize,
    String systemPrompt,
    List<String> toolsets,
    String toolCallParser,
    String sandbox,
    Double temperature,
    Integer maxTokensPerCall,
    Limits limits,
    RewardRange rewardRange,
    Map<String, String> sandboxSettings) {

  public EnvConfig {
    Objects.requireNonNull(name, "name == null");
    if (groupSize < 1) {
      throw new IllegalArgumentException("group size must be at least 1, got " + groupSize);
    }
    toolsets = List.copyOf(toolsets == null ? List.of() : toolsets);
    toolCallParser = toolCallParser == null ? "hermes" : toolCallParser;
    sandbox = sandbox == null ? "local" : sandbox;
    limits = limits == null ? Limits.DEFAULT : limits;
    rewardRange = rewardRange == null ? RewardRange.UNIT : rewardRange;
    sandboxSettings = Map.copyOf(sandboxSettings == null ? Map.of() : sandboxSettings);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public Builder toBuilder() {
    return new Builder(name)
        .groupSize(groupSize)
        .systemPrompt(systemPrompt)
        .toolsets(toolsets)
        .toolCallParser(toolCallParser)
        .sandbox(sandbox, sandboxSettings)
        .temperature(temperature)
        .maxTokensPerCall(maxTokensPerCall)
        .limits(limits)
        .rewardRange(rewardRange);
  }

  /** Builds an {@link EnvConfig}; every setting has a default. */
  public static final class Builder {
    private final String name;
    private int groupSize = 1;
    private String systemPrompt;
    private List<String> toolsets = List.of();
    private String toolCallParser = "hermes";
    private String sandbox = "local";
    private Map<String, String> sandboxSettings = Map.of();
    private Double temperature;
    private Integer maxTokensPerCall;
    private Limits limits = Limits.DEFAULT;
    private RewardRange rewardRange = RewardRange.UNIT;

    private Builder(String name) {
      this.name = name;
    }

    public Builder groupSize(int n) {
      this.groupSize = n;
      return this;
    }

    public Builder systemPrompt(String text) {
      this.systemPrompt = text;
      return this;
    }

    public Builder toolsets(String... names) {
      return toolsets(List.of(names));
    }

    public Builder toolsets(List<String> names) {
      this.toolsets = names;
      return this;
    }

    public Builder toolCallParser(String name) {
      this.toolCallParser = name;
      return this;
    }

    public Builder sandbox(String backend) {
      return sandbox(backend, Map.of());
    }

    /** The backend and its settings, as {@link io.envbook.sandbox.SandboxBackends#create(String, Map)} takes them. */
    public Builder sandbox(String backend, Map<String, String> settings) {
      this.sandbox = backend;
      this.sandboxSettings = settings;
      return this;
    }

    public Builder temperature(Double t) {
      this.temperature = t;
      return this;
    }

    public Builder maxTokensPerCall(Integer n) {
      this.maxTokensPerCall = n;
      return this;
    }

    public Builder limits(Limits limits) {
      this.limits = limits;
      return this;
    }

    /** The values rewards may take (default 0.0 to 1.0); a reward outside it fails its rollout. */
    public Builder rewardRange(RewardRange range) {
      this.rewardRange = range;
      return this;
    }

    public EnvConfig build() {
      return new EnvConfig(name, groupSize, systemPrompt, toolsets, toolCallParser, sandbox, temperature, maxTokensPerCall, limits,
          rewardRange, sandboxSettings);
    }
  }
}

package io.envbook.dsl;

import groovy.lang.Closure;
import io.envbook.env.Limits;
import io.envbook.env.RewardRange;
import io.envbook.model.ChatModel;
import io.envbook.tools.mcp.McpServer;
import java.util.List;
import java.util.Map;

/**
 * What an {@code environment(name) { ... }} block declared, checked complete and frozen: the
 * immutable definition built from the mutable {@link EnvSpec}. Lines are the script lines of the
 * keywords, for messages.
 */
record EnvDefinition(
    ScriptContext script, String name, int line, DatasetSource dataset, String system, Closure<?> prompt, int promptLine,
    List<String> toolsets, List<ClosureTool> tools, Limits limits, int group, String sandbox, String parser, Double temperature,
    Closure<?> reward, int rewardLine, Map<String, Double> weights, RewardRange rewardRange, Closure<?> prepare, int prepareLine, Closure<?> evaluate,
    int evaluateLine, ChatModel model, ScriptedPolicy scripted, List<McpServer> mcpServers,
    ChatModel judgeModel, Map<String, String> sandboxSettings) {

  EnvDefinition {
    toolsets = List.copyOf(toolsets);
    tools = List.copyOf(tools);
    weights = Map.copyOf(weights);
    mcpServers = List.copyOf(mcpServers);
    sandboxSettings = Map.copyOf(sandboxSettings);
  }

  static EnvDefinition of(EnvSpec s) {
    DslLoader.requireComplete(s);
    return new EnvDefinition(s.script, s.name, s.line, s.dataset, s.system, s.prompt, s.promptLine, s.toolsets, s.tools, s.limits,
        s.group, s.sandbox, s.parser, s.temperature, s.reward, s.rewardLine, s.weights, s.rewardRange, s.prepare, s.prepareLine, s.evaluate,
        s.evaluateLine, s.model, s.scripted, s.mcpServers, s.judgeModel, s.sandboxSettings);
  }
}

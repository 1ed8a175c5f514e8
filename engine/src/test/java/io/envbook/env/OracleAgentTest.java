package io.envbook.env;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.sandbox.ExecRequest;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The oracle agent's environment hands everything to the one it wraps, and its command line quotes what it runs. */
class OracleAgentTest {
  @Test
  void theOraclesEnvironmentPassesOnEveryMethodButTheOnesItReplaces() {
    Environment wrapped = OracleAgent.of(new TerminalStub()).environment();
    Set<String> replacedOrUnneeded = Set.of("image", "referenceSolution", "scriptedPolicy");

    List<String> missing = Arrays.stream(Environment.class.getMethods())
        .filter(m -> !Modifier.isStatic(m.getModifiers()) && !replacedOrUnneeded.contains(m.getName()))
        .filter(m -> !declares(wrapped.getClass(), m)).map(Method::getName).toList();

    assertThat(missing).as("methods of Environment the oracle's wrapper does not pass on").isEmpty();
  }

  @Test
  void theSolutionIsOneShellLineWithItsDirectoryVariablesAndQuotedArguments() {
    ExecRequest r = ExecRequest.of("bash", "-c", "echo 'hi' > /logs/agent/oracle.txt").cwd("/app").env("DEBIAN_FRONTEND", "noninteractive");

    assertThat(OracleAgent.shell(r)).isEqualTo("cd /app && env DEBIAN_FRONTEND=noninteractive bash -c 'echo '\\''hi'\\'' > /logs/agent/oracle.txt'");
  }

  private static boolean declares(Class<?> c, Method m) {
    try {
      c.getDeclaredMethod(m.getName(), m.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static final class TerminalStub implements Environment {
    @Override
    public EnvConfig config() {
      return EnvConfig.builder("stub").build();
    }

    @Override
    public Item nextItem() {
      return null;
    }

    @Override
    public String formatPrompt(Item item) {
      return "";
    }

    @Override
    public Reward computeReward(Item item, io.envbook.loop.AgentResult result, ToolContext ctx) {
      return Reward.ZERO;
    }
  }
}

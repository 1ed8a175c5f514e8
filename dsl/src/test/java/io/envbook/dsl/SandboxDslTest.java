package io.envbook.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sandbox} keyword with a backend's settings, in both spellings, and a misspelled setting. */
class SandboxDslTest {
  @TempDir Path dir;

  private DslEnvironment parse(String sandboxLine) {
    return DslLoader.parse("environment('e') {\n  dataset([[q: 'x']])\n  prompt { 'x' }\n  reward { 1 }\n  " + sandboxLine + "\n}\n",
        "env.groovy", dir);
  }

  @Test
  void kubernetesTakesItsSettingsAsACall() {
    DslEnvironment env = parse("sandbox kubernetes(namespace: 'rollouts', image: 'python:3.12-slim', maxStarts: 4, warmPool: 2)");

    assertThat(env.config().sandbox()).isEqualTo("kubernetes");
    assertThat(env.config().sandboxSettings())
        .isEqualTo(Map.of("namespace", "rollouts", "image", "python:3.12-slim", "maxStarts", "4", "warmPool", "2"));
  }

  @Test
  void anyBackendTakesItsSettingsAsNamedArguments() {
    DslEnvironment env = parse("sandbox 'kubernetes', namespace: 'rollouts'");

    assertThat(env.config().sandbox()).isEqualTo("kubernetes");
    assertThat(env.config().sandboxSettings()).isEqualTo(Map.of("namespace", "rollouts"));
    assertThat(parse("sandbox 'bubblewrap'").config().sandboxSettings()).isEmpty();
  }

  @Test
  void aBackendThatTakesSettingsIsAKeywordByItsRegisteredName() {
    assertThat(EnvSpec.KEYWORDS).contains("kubernetes").doesNotContain("docker", "local");
    assertThatThrownBy(() -> parse("sandbox kubernets(namespace: 'rollouts')")).isInstanceOf(DslException.class)
        .hasMessageStartingWith("env.groovy:5: unknown keyword `kubernets`: did you mean `kubernetes`?");
  }

  @Test
  void aMisspelledSettingSuggestsTheRightOne() {
    assertThatThrownBy(() -> parse("sandbox kubernetes(namespac: 'rollouts')")).isInstanceOf(DslException.class)
        .hasMessage("env.groovy:5: the kubernetes sandbox has no setting `namespac`: did you mean `namespace`? Settings: namespace, image, "
            + "maxStarts, startTimeout, warmPool");
    assertThatThrownBy(() -> parse("sandbox 'docker', image: 'x'")).hasMessage("env.groovy:5: the docker sandbox has no setting `image`: it takes none");
  }
}

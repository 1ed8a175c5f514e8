package io.envbook.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kubernetes backend's settings as the DSL and {@code --sandbox-option} give them, as strings by name. */
class KubernetesSettingsTest {
  @Test
  void eachSettingIsReadByItsName() {
    KubernetesSettings s = KubernetesSettings.from(Map.of("namespace", "rollouts", "image", "python:3.12-slim", "maxStarts", "3",
        "startTimeout", "90", "warmPool", "2"));

    assertThat(s).isEqualTo(new KubernetesSettings("rollouts", "python:3.12-slim", 3, Duration.ofSeconds(90), 2,
        KubernetesSettings.DEFAULT.attempts(), KubernetesSettings.DEFAULT.backoff()));
    assertThat(KubernetesSettings.NAMES).containsExactly("namespace", "image", "maxStarts", "startTimeout", "warmPool");
  }

  @Test
  void aSettingNotGivenComesFromItsPropertyElseItsDefault() {
    assertThat(KubernetesSettings.from(Map.of())).isEqualTo(KubernetesSettings.DEFAULT);
    System.setProperty("envbook.kubernetes.warmPool", "3");
    try {
      assertThat(KubernetesSettings.from(Map.of()).warmPool()).isEqualTo(3);
      assertThat(KubernetesSettings.from(Map.of("warmPool", "1")).warmPool()).isEqualTo(1);
    } finally {
      System.clearProperty("envbook.kubernetes.warmPool");
    }
  }

  @Test
  void theVariableOfASettingIsItsNameInCapitalsWordsSplitByUnderscores() {
    assertThat(KubernetesSettings.variable("warmPool")).isEqualTo("ENVBOOK_KUBERNETES_WARM_POOL");
    assertThat(KubernetesSettings.variable("startTimeout")).isEqualTo("ENVBOOK_KUBERNETES_START_TIMEOUT");
    assertThat(KubernetesSettings.variable("namespace")).isEqualTo("ENVBOOK_KUBERNETES_NAMESPACE");
  }

  @Test
  void aValueOutOfRangeOrNotANumberIsToldNamingTheSetting() {
    assertThatThrownBy(() -> KubernetesSettings.from(Map.of("warmPool", "-1")))
        .hasMessage("the kubernetes setting warmPool must be 0 or more, got -1");
    assertThatThrownBy(() -> KubernetesSettings.from(Map.of("warmPool", "two")))
        .hasMessage("the kubernetes setting warmPool must be a whole number, got `two`");
    assertThatThrownBy(() -> KubernetesSettings.from(Map.of("maxStarts", "0")))
        .hasMessage("the kubernetes setting maxStarts must be at least 1, got 0");
    assertThatThrownBy(() -> KubernetesSettings.from(Map.of("startTimeout", "5m")))
        .hasMessage("the kubernetes setting startTimeout must be a whole number of seconds, got `5m`");
    assertThatThrownBy(() -> KubernetesSettings.from(Map.of("startTimeout", "0")))
        .hasMessage("the kubernetes setting startTimeout must be at least 1 second, got 0");
  }
}

package io.envbook.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.envbook.json.Json;
import io.envbook.kernel.groovy.GroovyEvaluator;
import io.envbook.kernel.protocol.Header;
import io.envbook.kernel.protocol.Msg;
import io.envbook.rollout.RunSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-running {@code run(env, out: F)} in a notebook after a change: the same environment and model
 * resume (and the progress says so, its mean including the resumed rollouts); another one is refused
 * with what changed and the ways out.
 */
class NotebookRunTest {
  @TempDir Path dir;
  private final List<Msg> published = new CopyOnWriteArrayList<>();
  private final GroovyEvaluator groovy = new GroovyEvaluator();
  private String out;

  @BeforeEach
  void publishToAList() {
    CellContext.install(new Publisher(new Header(), published::add), null);
    CellContext.enter(Json.object());
    out = dir.resolve("runs/capitals.jsonl").toString();
  }

  @AfterEach
  void stopPublishing() {
    CellContext.leave();
    CellContext.install(null, null);
  }

  private void defineEnv(String answer) throws Exception {
    groovy.eval("""
        def env = environment('capitals') {
            dataset([[id: 'fr', country: 'France', capital: 'Paris'], [id: 'de', country: 'Germany', capital: 'Berlin']])
            prompt { item -> "Capital of ${item.country}?" }
            reward { item, result -> result.finalText().contains(item.capital) ? 1 : 0 }
            model scripted { say('%s') }
        }
        """.formatted(answer));
  }

  private RunSummary run(String options) throws Exception {
    return (RunSummary) groovy.eval("run(env, items: 2, out: '" + out + "'" + options + ")");
  }

  private String error(String code) {
    return groovy.describe(catchThrowable(() -> groovy.eval(code))).evalue();
  }

  /** The plain text of the last progress display. */
  private String lastProgress() {
    for (int i = published.size() - 1; i >= 0; i--) {
      Msg m = published.get(i);
      String text = m.content().path("data").path("text/plain").asString("");
      if (text.startsWith("capitals: ")) {
        return text;
      }
    }
    return null;
  }

  @Test
  void theSameCellRunAgainResumesAndItsProgressCountsTheResumedRolloutsInTheMean() throws Exception {
    defineEnv("Paris");
    run("");
    published.clear();

    RunSummary again = run("");

    assertThat(again.resumed()).isEqualTo(2);
    assertThat(again.ran()).isZero();
    assertThat(again.meanReward()).isEqualTo(0.5);
    assertThat(lastProgress()).isEqualTo("capitals: 2/2 rollouts (2 resumed), mean reward 0.50, 0 failed");
  }

  @Test
  void anotherScriptedModelIsRefusedWithTheDifferenceAndTheNotebookWaysOut() throws Exception {
    defineEnv("Paris");
    run("");
    defineEnv("Berlin");

    assertThat(error("run(env, items: 2, out: '" + out + "')")).isEqualTo(out + " holds rollouts of another run "
        + "(the model's policy changed from `{ say('Paris') }` to `{ say('Berlin') }`): pass fresh: true to start over, "
        + "or another out: file to keep both");
  }

  @Test
  void aModelPassedToRunIsRecordedSoTheEnvironmentsOwnModelIsRefusedLater() throws Exception {
    defineEnv("Paris");
    run("");

    assertThat(error("run(env, items: 2, out: '" + out + "', model: openai(baseUrl: 'http://localhost:9/v1', model: 'qwen'))"))
        .isEqualTo(out + " holds rollouts of another run (the model changed from `scripted` to `openai:qwen`): pass fresh: true to start over, "
            + "or another out: file to keep both");
  }

  @Test
  void freshTrueStartsTheFileOverWithTheNewModel() throws Exception {
    defineEnv("Paris");
    run("");
    defineEnv("Berlin");

    RunSummary s = run(", fresh: true");

    assertThat(s.ran()).isEqualTo(2);
    assertThat(s.resumed()).isZero();
    assertThat(s.rollouts()).extracting(r -> r.itemId() + "=" + r.score()).containsExactly("fr=0.0", "de=1.0");
    assertThat(lastProgress()).isEqualTo("capitals: 2/2 rollouts, mean reward 0.50, 0 failed");
  }

  @Test
  void aJavaCellIsToldItsOwnWayOut() throws Exception {
    defineEnv("Paris");
    run("");
    defineEnv("Berlin");
    var env = (io.envbook.env.Environment) groovy.eval("env");

    Throwable e = catchThrowable(() -> Notebook.run(env, Notebook.model(env), 2, null, out));

    assertThat(e).hasMessageEndingWith(": pass true as run's last argument (fresh) to start over, or another out file to keep both");
  }
}

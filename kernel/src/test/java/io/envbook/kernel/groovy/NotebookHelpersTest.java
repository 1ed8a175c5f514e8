package io.envbook.kernel.groovy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.envbook.kernel.display.Displays;
import io.envbook.kernel.display.MimeBundle;
import io.envbook.report.RewardComparison;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cell helpers take what a notebook has at hand (a run, a list of rollouts) and say what they take otherwise. */
class NotebookHelpersTest {
  private static final String ENV = """
      def env = environment('yes-no') {
          dataset([[id: 'a', answer: 'yes'], [id: 'b', answer: 'no']])
          prompt { item -> 'Is it?' }
          group 2
          reward { item, result -> result.finalText() == item.answer }
          model scripted { sample == 0 ? say(item.answer) : say(item.answer.toUpperCase()) }
      }
      def fixed = environment('yes-no') {
          dataset([[id: 'a', answer: 'yes'], [id: 'b', answer: 'no']])
          prompt { item -> 'Is it?' }
          reward { item, result -> result.finalText().toLowerCase() == item.answer }
      }
      def summary = run(env, items: 2)
      """;
  private final GroovyEvaluator groovy = new GroovyEvaluator();

  private String error(String code) {
    return groovy.describe(catchThrowable(() -> groovy.eval(code))).evalue();
  }

  @Test
  void histogramAndRescoreTakeARunAsWellAsRollouts() throws Exception {
    groovy.eval(ENV);

    MimeBundle histogram = (MimeBundle) groovy.eval("histogram(summary)");
    List<?> rescored = (List<?>) groovy.eval("rescore(fixed, summary)");

    assertThat(histogram.data()).containsKeys("application/vnd.vegalite.v5+json", "image/png").doesNotContainKey("text/html");
    assertThat(histogram.data().get("text/plain").toString()).startsWith("reward histogram (4 rollouts)\n");
    assertThat(rescored).hasSize(4);
    assertThat(groovy.eval("histogram(rescored = rescore(fixed, summary.rollouts()))")).isInstanceOf(MimeBundle.class);
  }

  @Test
  void runAndRescoreTakeTheSandboxSettingsTheScriptGave() throws Exception {
    groovy.eval(ENV);
    groovy.eval("""
        def pooled = environment('pooled') {
            dataset([[id: 'a']])
            prompt { item -> 'Go.' }
            reward { item, result -> 1 }
            model scripted { say('done') }
            sandbox kubernetes(namespace: 'evals', warmPool: -1)
        }
        """);

    assertThat(error("run(pooled)")).contains("the kubernetes setting warmPool must be 0 or more, got -1");
    assertThat(error("rescore(pooled, summary)")).contains("warmPool must be 0 or more");
  }

  @Test
  void anythingElseIsNamedWithWhatTheHelperTakes() throws Exception {
    groovy.eval(ENV);

    assertThat(error("histogram('runs/x.jsonl')")).endsWith("histogram takes a run (what run(...) returns) or a list of rollouts "
        + "(what load('runs/x.jsonl') returns), not a String");
    assertThat(error("rescore(fixed, [1, 2])")).endsWith("rescore takes a run (what run(...) returns) or a list of rollouts "
        + "(what load('runs/x.jsonl') returns), not a list of Integer");
  }

  @Test
  void aRescoredTableSortsLikeTheRunsTable() throws Exception {
    groovy.eval(ENV);

    String run = Displays.render(groovy.eval("summary")).data().get("text/plain").toString();
    String rescored = Displays.render(groovy.eval("rescore(fixed, summary.rollouts().reverse())")).data().get("text/plain").toString();

    assertThat(lines(rescored, 1)).isEqualTo(lines(run, 1)).containsExactly("a #0", "a #1", "b #0", "b #1");
  }

  private static List<String> lines(String table, int skip) {
    return table.lines().skip(skip).map(l -> l.strip().replaceAll("^(\\S+)\\s+(#\\d+).*", "$1 $2")).toList();
  }

  @Test
  void compareShowsOldAgainstNewWithChangedRowsFirst() throws Exception {
    groovy.eval(ENV);

    RewardComparison c = (RewardComparison) groovy.eval("compare(summary, rescore(fixed, summary))");

    assertThat(c.summary()).startsWith("4 rollouts: 2 changed (2 up, 0 down), 2 the same");
    assertThat(c.rows().subList(0, 2)).allSatisfy(r -> assertThat(r.before().sample()).isEqualTo(1));
    assertThat(Displays.render(c).data().get("text/html").toString()).contains("<b>+1</b>");
  }
}

package io.envbook.dsl;

import io.envbook.data.Datasets;
import io.envbook.env.EvalRunner;
import io.envbook.env.Item;
import io.envbook.rollout.Rollout;
import java.util.List;
import java.util.Map;

/**
 * What an {@code evaluate { }} block sees (as its delegate and its one parameter): held-out items
 * run with the model being evaluated, and summaries of the rollouts. The block returns a map of
 * metric names to numbers.
 *
 * <pre>{@code
 * evaluate {
 *     def rs = rollouts('data/held_out.jsonl')
 *     ['eval/held_out_percent_correct': passRate(rs), 'eval/held_out_mean_reward': meanReward(rs)]
 * }
 * }</pre>
 */
public final class EvalScope {
  private final EvalRunner runner;
  private final ScriptContext script;

  EvalScope(EvalRunner runner, ScriptContext script) {
    this.runner = runner;
    this.script = script;
  }

  /** One rollout of every row of a dataset file (.jsonl, .json, .csv), relative to the script. */
  public List<Rollout> rollouts(String file) throws InterruptedException {
    return rollouts(file, 1);
  }

  public List<Rollout> rollouts(String file, int samples) throws InterruptedException {
    return runner.run(Datasets.file(script.baseDir().resolve(file)).items(), samples);
  }

  /** One rollout of every row given inline. */
  public List<Rollout> rollouts(List<? extends Map<String, ?>> rows) throws InterruptedException {
    return rollouts(rows, 1);
  }

  public List<Rollout> rollouts(List<? extends Map<String, ?>> rows, int samples) throws InterruptedException {
    List<Item> items = Datasets.inline(rows).items();
    return runner.run(items, samples);
  }

  /** The mean reward, 0 for no rollouts. */
  public double meanReward(List<Rollout> rollouts) {
    return rollouts.stream().mapToDouble(Rollout::score).average().orElse(0);
  }

  /** The fraction of rollouts with reward 1 or more. */
  public double passRate(List<Rollout> rollouts) {
    return passRate(rollouts, 1.0);
  }

  /** The fraction of rollouts with reward {@code threshold} or more. */
  public double passRate(List<Rollout> rollouts, double threshold) {
    return rollouts.isEmpty() ? 0 : rollouts.stream().filter(r -> r.score() >= threshold).count() / (double) rollouts.size();
  }
}

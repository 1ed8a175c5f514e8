package io.envbook.env;

import io.envbook.rollout.Rollout;
import java.util.List;

/**
 * What an environment's own {@link Environment#evaluate} runs its evaluation rollouts with: the same
 * model and sandboxes as the run or server that called it, the full agent loop, the environment's
 * tools and reward.
 *
 * <pre>{@code
 * public EvalReport evaluate(EvalRunner runner) throws Exception {
 *   List<Rollout> rs = runner.run(heldOut, 1);
 *   return new EvalReport(Map.of("eval/percent_correct", rs.stream().filter(r -> r.score() == 1.0).count() / (double) rs.size()));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface EvalRunner {
  /** Runs {@code samples} rollouts of every item and returns them, item by item, in order. */
  List<Rollout> run(List<Item> items, int samples) throws InterruptedException;
}

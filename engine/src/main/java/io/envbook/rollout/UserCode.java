package io.envbook.rollout;

import io.envbook.util.Deadline;
import io.envbook.util.Failures;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/**
 * Runs one stage of an environment's own code (its prompt, {@code prepare}, its reward) under a
 * deadline, and turns every way it can end badly, a hang or an {@link Error} included, into one
 * sentence that names the stage: the rollout's recorded failure.
 */
final class UserCode {
  private UserCode() {}

  /** The stages: how their failures begin, what a timeout calls them, and what their deadline is. */
  enum Stage {
    PROMPT("rollout failed: ", "the prompt", "the rollout's timeout"),
    PREPARE("preparing the sandbox failed: ", "it", "the rollout's timeout"),
    REWARD("reward failed: ", "it", "scoring gets as long as the rollout's timeout");

    private final String prefix;
    private final String subject;
    private final String limit;

    Stage(String prefix, String subject, String limit) {
      this.prefix = prefix;
      this.subject = subject;
      this.limit = limit;
    }
  }

  static <T> T run(Stage stage, Deadline deadline, Callable<T> work) throws Failed {
    try {
      return deadline.call("envbook-" + stage.name().toLowerCase(java.util.Locale.ROOT), work);
    } catch (TimeoutException e) {
      throw new Failed(stage.prefix + stage.subject + " did not finish within " + Deadline.text(deadline.length()) + " (" + stage.limit
          + ") and was abandoned");
    } catch (InterruptedException e) {
      throw new Failed("interrupted");
    } catch (Throwable e) {
      throw new Failed(stage.prefix + Failures.describe(e));
    }
  }

  /** A stage failed; the message is the whole sentence. */
  static final class Failed extends Exception {
    Failed(String sentence) {
      super(sentence, null, false, false);
    }
  }
}

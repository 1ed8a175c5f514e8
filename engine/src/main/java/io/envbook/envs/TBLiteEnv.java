package io.envbook.envs;

import io.envbook.env.Item;

/**
 * Hermes' TBLiteEvalEnv: TerminalBench 2 on OpenThoughts' 100-task subset
 * ({@code NousResearch/openthoughts-tblite}, categories Easy, Medium, Hard, Extreme), 1,200 s per
 * task, and a container per task from {@code nousresearch/tblite-<task>} when the task names no image
 * (on {@code bubblewrap} the task's Dockerfile is followed over this machine all the same).
 * Everything else, settings included, is {@link TerminalBench2Env}'s.
 */
public final class TBLiteEnv extends TerminalBench2Env {
  public static final String NAME = "openthoughts-tblite";

  public TBLiteEnv(EnvSettings settings) {
    super(NAME, "NousResearch/openthoughts-tblite", 1200, settings);
  }

  @Override
  public String image(Item item) {
    String own = super.image(item);
    return own != null ? own : "nousresearch/tblite-" + item.id();
  }
}

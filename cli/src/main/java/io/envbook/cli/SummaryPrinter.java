package io.envbook.cli;

import io.envbook.model.ChatModel;
import io.envbook.model.Usage;
import io.envbook.rollout.TokenTotals;
import io.envbook.model.cache.CacheStats;
import io.envbook.model.cache.CachingModel;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutGroup;
import io.envbook.rollout.RunSummary;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/** Prints the end-of-run summary: counts (requested, written, failed, lost), reward statistics, per-item means, turns, tool errors, time, output. */
final class SummaryPrinter {
  private SummaryPrinter() {}

  static void print(RunSummary s, ChatModel model, PrintStream out) {
    List<Rollout> all = s.rollouts();
    out.println();
    out.println(s.env() + " on " + s.model()
        + (model.builtIn() ? " (built-in offline model: these rewards test the environment, not a model)" : ""));
    out.printf(Locale.ROOT, "  rollouts    %d requested, %d written (%d ran, %d resumed), %d failed, %d lost%s%n", s.requested(), s.total(),
        s.ran(), s.resumed(), s.failed(), s.lost(), s.notRun() > 0 ? ", " + s.notRun() + " not run (interrupted)" : "");
    double min = all.stream().mapToDouble(Rollout::score).min().orElse(0);
    double max = all.stream().mapToDouble(Rollout::score).max().orElse(0);
    out.printf(Locale.ROOT, "  reward      mean %.3f  min %.3f  max %.3f%n", s.meanReward(), min, max);
    StringJoiner items = new StringJoiner(" | ");
    for (RolloutGroup g : s.groups()) {
      items.add(String.format(Locale.ROOT, "%s %.2f", g.itemId(), g.meanScore()));
    }
    out.println("  per item    " + items);
    double turns = all.stream().mapToInt(Rollout::turns).average().orElse(0);
    int toolErrors = all.stream().mapToInt(r -> r.toolErrors().size()).sum();
    out.printf(Locale.ROOT, "  turns       mean %.1f; tool errors %d%n", turns, toolErrors);
    printTokens(s.tokens(), out);
    out.printf(Locale.ROOT, "  time        %.1f s%n", s.wallMs() / 1000.0);
    printCache(model, out);
    all.stream().filter(r -> !r.ok()).limit(10)
        .forEach(r -> out.println("  failed      item " + r.itemId() + " sample " + r.sample() + ": " + r.error()));
    if (s.failed() > 10) {
      out.println("  failed      ... and " + (s.failed() - 10) + " more (see the rollout file)");
    }
    if (s.output() != null) {
      out.println("  written     " + s.output());
    }
  }

  /**
   * 0 when every requested rollout was recorded and none failed; 1 otherwise, with a line on stderr
   * when rollouts were lost (ran but could not be recorded).
   */
  static int exitCode(RunSummary s) {
    if (s.lost() > 0) {
      System.err.println("envbook: " + s.lost() + " of " + s.requested() + " rollouts could not be recorded"
          + (s.output() == null ? "" : " in " + s.output()) + ": see the lines starting with `lost:` above");
      return 1;
    }
    return s.failed() == 0 && s.notRun() == 0 ? 0 : 1;
  }

  /** The cache's hits and misses, and why the first misses missed, when the model is behind one. */
  static void printCache(ChatModel model, PrintStream out) {
    if (model instanceof CachingModel cached) {
      CacheStats c = cached.stats();
      out.println("  cache       " + c.summary() + " (" + cached.dir() + ")");
      c.missReasons().stream().limit(3).forEach(r -> out.println("  cache miss  " + r));
    }
  }

  /** The judge's cache, when the environment's judge is behind one. */
  static void printJudgeCache(io.envbook.env.Environment env, PrintStream out) {
    if (env instanceof io.envbook.dsl.DslEnvironment dsl && dsl.judgeModel() instanceof CachingModel cached) {
      CacheStats c = cached.stats();
      if (c.hits() + c.misses() + c.refreshed() > 0) {
        out.println("  judge cache " + c.summary());
      }
    }
  }

  /** Tokens by role ({@code agent 1,234 (1,100 prompt + 134 completion), judge 57}) and per item. */
  static void printTokens(TokenTotals t, PrintStream out) {
    if (t.all().total() == 0) {
      return;
    }
    out.println("  tokens      agent " + tokens(t.agent()) + (t.judge().total() > 0 ? "; judge " + tokens(t.judge()) : ""));
    StringJoiner items = new StringJoiner(" | ");
    t.perItem().forEach((id, u) -> items.add(id + " " + String.format(Locale.ROOT, "%,d", u.total())));
    out.println("  tokens/item " + items);
  }

  private static String tokens(Usage u) {
    return String.format(Locale.ROOT, "%,d (%,d prompt + %,d completion)", u.total(), u.promptTokens(), u.completionTokens());
  }
}

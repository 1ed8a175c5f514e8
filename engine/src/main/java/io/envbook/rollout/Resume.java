package io.envbook.rollout;

import io.envbook.env.Item;
import io.envbook.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run takes over from its output file: the finished rollouts, when the file was written by
 * the same run (same {@link Provenance}, same items). A file another run wrote is refused with
 * {@link ResumeMismatch}, so two models or two rewards never share a file; one from before envbook
 * recorded provenance is resumed with a note saying it could not be checked; one that holds only
 * another run's header (nothing finished) is started afresh.
 */
record Resume(Map<RolloutKey, Rollout> done, String note) {
  static final Resume NOTHING = new Resume(Map.of(), null);

  static Resume from(Path output, Provenance now, Map<Integer, Item> planned) {
    RolloutFile.Contents contents;
    try {
      contents = RolloutFile.read(output);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + output + " to resume: " + e.getMessage(), e);
    }
    Provenance then = contents.provenance();
    if (contents.rollouts().isEmpty() && contents.problems().isEmpty()) {
      if (then != null && !now.differencesFrom(then).isEmpty()) {
        delete(output);
      }
      return NOTHING;
    }
    Map<RolloutKey, Rollout> done = new LinkedHashMap<>();
    contents.rollouts().stream().filter(Rollout::ok).forEach(r -> done.put(r.key(), r));
    String envName = now.environment().get("name");
    if (then == null) {
      for (Rollout r : contents.rollouts()) {
        if (!r.env().equals(envName)) {
          throw new ResumeMismatch(output, List.of("the environment changed from `" + r.env() + "` to `" + envName + "`"));
        }
      }
      return new Resume(done, output + " was written before envbook recorded what produced its rollouts, so the " + done.size()
          + " finished there are resumed without checking that this model and environment made them");
    }
    List<String> differences = new ArrayList<>(now.differencesFrom(then));
    String items = changedItems(contents.rollouts(), planned);
    if (items != null) {
      differences.add(items);
    }
    if (!differences.isEmpty()) {
      throw new ResumeMismatch(output, differences);
    }
    return new Resume(done, null);
  }

  /**
   * "item `fr` changed" when a saved rollout's item is not the planned item at its position any more
   * ({@code planned} by dataset position: a run of selected items plans only some).
   */
  private static String changedItems(List<Rollout> saved, Map<Integer, Item> planned) {
    List<String> changed = new ArrayList<>();
    for (Rollout r : saved) {
      Item item = planned.get(r.itemIndex());
      if (item == null) {
        continue;
      }
      if (!item.id().equals(r.itemId()) || !sameJson(item.fields(), r.item())) {
        String phrase = item.id().equals(r.itemId()) ? "item `" + item.id() + "` changed"
            : "item " + (r.itemIndex() + 1) + " changed from `" + r.itemId() + "` to `" + item.id() + "`";
        if (!changed.contains(phrase)) {
          changed.add(phrase);
        }
      }
    }
    if (changed.isEmpty()) {
      return null;
    }
    return changed.get(0) + (changed.size() > 1 ? " (and " + (changed.size() - 1) + " more items)" : "");
  }

  /** Equal as saved JSON: numbers, lists and maps compared as a rollout file holds them. */
  private static boolean sameJson(Object a, Object b) {
    return Json.parse(Json.write(Json.toTree(a))).equals(Json.parse(Json.write(Json.toTree(b))));
  }

  private static void delete(Path output) {
    try {
      Files.delete(output);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + output + " afresh: " + e.getMessage(), e);
    }
  }
}

package io.envbook.envs;

import io.envbook.data.Dataset;
import io.envbook.data.Datasets;
import io.envbook.data.HuggingFace;
import io.envbook.env.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a built-in benchmark's tasks come from: its {@code dataset} setting, a local file
 * ({@code .jsonl}, {@code .json}, {@code .csv}) or a Hugging Face dataset name, by default the
 * benchmark's own dataset on Hugging Face. Items take their id from a name field when rows have one.
 */
final class TaskData {
  private TaskData() {}

  static List<Item> load(EnvSettings settings, String defaultRepo, String defaultConfig, String defaultSplit, String idField) {
    String spec = settings.text("dataset", defaultRepo);
    Dataset data;
    Path file = Path.of(spec);
    if (Files.exists(file) || spec.matches("(?i).*\\.(jsonl|ndjson|json|csv)")) {
      data = Datasets.file(file);
    } else {
      HuggingFace.Builder hf = HuggingFace.builder(spec).split(settings.text("split", defaultSplit));
      String repoFile = settings.text("file", null);
      if (repoFile != null) {
        hf.file(repoFile); // one data file of the repository instead of the viewer, whose cells may be cut short
      }
      String config = settings.text("config", spec.equals(defaultRepo) ? defaultConfig : null);
      if (config != null) {
        hf.config(config);
      }
      data = hf.build().load();
    }
    List<Item> items = new ArrayList<>(data.size());
    for (Item item : data.items()) {
      Object name = item.get(idField);
      items.add(name == null || item.fields().containsKey("id") ? item : Item.of(name.toString(), item.fields()));
    }
    return items;
  }
}

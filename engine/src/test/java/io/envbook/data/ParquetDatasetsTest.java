package io.envbook.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.env.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet datasets, written with parquet-java and read with Hardwood: local files, and the Hub's refs/convert/parquet branch served by a local hub. */
class ParquetDatasetsTest {
  @TempDir Path dir;

  @Test
  void parquetRowsBecomeItemsWithTheValuesJsonRowsWouldHold() throws Exception {
    Path f = ParquetFixtures.write(dir.resolve("train.parquet"), 0, 3);

    Dataset d = Datasets.file(f);

    assertThat(d.items()).extracting(Item::id).containsExactly("0", "1", "2");
    Map<String, Object> first = d.items().getFirst().fields();
    assertThat(first).containsEntry("task_name", "task-0").containsEntry("n", 0L).containsEntry("score", 0.0).containsEntry("hard", true)
        .containsEntry("category", "even").containsEntry("tags", List.of("t0", "even"));
    assertThat(((Map<?, ?>) first.get("image")).get("path")).isEqualTo("img/0.png");
    assertThat((byte[]) ((Map<?, ?>) first.get("image")).get("bytes")).containsExactly(1, 2, 0);
    assertThat(d.items().get(1).fields()).containsEntry("category", null).containsEntry("tags", List.of("t1"));
  }

  @Test
  void filesAreStreamedAndTheirErrorsComeWhenTheRowIsReached() throws Exception {
    Path f = Files.writeString(dir.resolve("a.jsonl"), "{\"q\":1}\n{\"q\":2}\n{\"q\":\n");

    try (Stream<Item> rows = DatasetFiles.stream(f)) {
      assertThat(rows.limit(2)).extracting(i -> i.get("q")).containsExactly(1, 2);
    }
    assertThatThrownBy(() -> Datasets.file(f)).hasMessageStartingWith(f + " line 3 is not valid JSON");
    Path notParquet = Files.writeString(dir.resolve("b.parquet"), "PAR1 but not really");
    assertThatThrownBy(() -> Datasets.file(notParquet)).isInstanceOf(DatasetException.class)
        .hasMessageStartingWith(notParquet + " is not a Parquet file envbook can read: ");
  }

  @Test
  void aHubSplitIsReadFromItsParquetBranchCachedAndThenReadOffline() throws Exception {
    Path served = dir.resolve("served");
    ParquetFixtures.write(served.resolve("0000.parquet"), 0, 60);
    ParquetFixtures.write(served.resolve("0001.parquet"), 60, 40);
    try (MockWebServer hub = new MockWebServer()) {
      hub.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest r) {
          String path = r.getUrl().encodedPath();
          if (path.equals("/api/datasets/acme/tasks/tree/refs%2Fconvert%2Fparquet/default/train")) {
            return new MockResponse.Builder().code(404).body("{\"error\":\"not found\"}").build();
          }
          if (path.equals("/api/datasets/acme/tasks/tree/refs%2Fconvert%2Fparquet/default/partial-train")) {
            return new MockResponse.Builder().body("[{\"type\":\"file\",\"path\":\"default/partial-train/0001.parquet\",\"size\":1},"
                + "{\"type\":\"file\",\"path\":\"default/partial-train/0000.parquet\",\"size\":1}]").build();
          }
          String prefix = "/datasets/acme/tasks/resolve/refs%2Fconvert%2Fparquet/default/partial-train/";
          if (path.startsWith(prefix)) {
            try {
              return new MockResponse.Builder().body(new Buffer().write(Files.readAllBytes(served.resolve(path.substring(prefix.length())))))
                  .build();
            } catch (java.io.IOException e) {
              return new MockResponse.Builder().code(500).build();
            }
          }
          return new MockResponse.Builder().code(404).build();
        }
      });
      hub.start();
      HuggingFace hf = HuggingFace.builder("acme/tasks").cache(dir.resolve("cache")).hub(hub.url("/").toString()).build();

      Dataset d = hf.load();
      int requests = hub.getRequestCount();
      hub.close();
      Dataset again = hf.load();

      assertThat(d.size()).isEqualTo(100);
      assertThat(d.items()).extracting(i -> i.text("task_name")).startsWith("task-0", "task-1").endsWith("task-99");
      assertThat(requests).as("two listings tried, two files fetched").isEqualTo(4);
      assertThat(again.items()).extracting(Item::id, i -> i.text("task_name"))
          .isEqualTo(d.items().stream().map(i -> org.assertj.core.groups.Tuple.tuple(i.id(), i.text("task_name"))).toList());
      assertThat(d.source()).isEqualTo("huggingface:acme/tasks:default/train");
    }
  }

  @Test
  void aSplitTheHubHasNoParquetForSaysWhatToCheck() throws Exception {
    try (MockWebServer hub = new MockWebServer()) {
      hub.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest r) {
          return new MockResponse.Builder().code(404).build();
        }
      });
      hub.start();
      HuggingFace hf = HuggingFace.builder("acme/none").split("test").cache(dir).hub(hub.url("/").toString()).build();

      assertThatThrownBy(hf::load).hasMessage("Hugging Face dataset acme/none has no Parquet files for config default, split test on its "
          + "refs/convert/parquet branch: check the config and split names, or read a data file with file:");
    }
  }
}

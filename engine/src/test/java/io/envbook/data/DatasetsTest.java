package io.envbook.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.env.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
  @TempDir Path dir;

  @Test
  void jsonlRowsBecomeItemsWithIdsFromTheIdFieldOrTheRowNumber() throws Exception {
    Path f = dir.resolve("a.jsonl");
    Files.writeString(f, "{\"id\":\"x\",\"q\":\"2+3\"}\n\n{\"q\":\"4+4\",\"n\":[1,2]}\n");

    Dataset d = Datasets.file(f);

    assertThat(d.items()).extracting(Item::id).containsExactly("x", "1");
    assertThat(d.items().get(1).get("n")).isEqualTo(List.of(1, 2));
  }

  @Test
  void aBadJsonlLineIsNamedByFileAndLine() throws Exception {
    Path f = dir.resolve("a.jsonl");
    Files.writeString(f, "{\"q\":1}\n{\"q\":\n");

    assertThatThrownBy(() -> Datasets.jsonl(f)).isInstanceOf(DatasetException.class)
        .hasMessageStartingWith(f + " line 2 is not valid JSON: ");
    Files.writeString(f, "[1]\n");
    assertThatThrownBy(() -> Datasets.jsonl(f)).hasMessage(f + " line 1 is not a JSON object");
  }

  @Test
  void jsonTakesAnArrayOrAnObjectWithOneArray() throws Exception {
    Path f = dir.resolve("a.json");
    Files.writeString(f, "{\"version\":1,\"tasks\":[{\"q\":\"a\"},{\"q\":\"b\"}]}");

    assertThat(Datasets.json(f).items()).extracting(i -> i.text("q")).containsExactly("a", "b");
    Files.writeString(f, "{\"a\":[],\"b\":[]}");
    assertThatThrownBy(() -> Datasets.json(f))
        .hasMessage(f + " must hold an array of objects, or an object with exactly one array field (found 2)");
  }

  @Test
  void csvUsesTheHeaderAndNamesAShortLine() throws Exception {
    Path f = dir.resolve("a.csv");
    Files.writeString(f, "question,answer\n\"2+3, please\",5\n4+4,8\n");

    assertThat(Datasets.csv(f).items().get(0).fields()).isEqualTo(Map.of("question", "2+3, please", "answer", "5"));
    Files.writeString(f, "question,answer\n2+3,5\n4+4\n");
    assertThatThrownBy(() -> Datasets.csv(f)).hasMessage(f + " line 3 has 1 values but the header has 2");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> Datasets.file(dir.resolve("nope.jsonl"))).hasMessage("dataset file " + dir.resolve("nope.jsonl") + " does not exist");
  }

  @Test
  void huggingFaceRowsArePagedCachedAndReadOffline() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().code(200).body(rowsPage(0, 100, 101)).build());
      server.enqueue(new MockResponse.Builder().code(200).body(rowsPage(100, 1, 101)).build());
      server.start();
      HuggingFace hf = HuggingFace.builder("acme/sums").config("main").split("test").cache(dir)
          .viewer(server.url("/").toString()).fromViewer().build();

      Dataset d = hf.load();
      Dataset again = hf.load();

      assertThat(d.size()).isEqualTo(101);
      assertThat(d.items().get(100).text("question")).isEqualTo("q100");
      assertThat(again.items()).isEqualTo(d.items());
      assertThat(server.getRequestCount()).as("the second load reads the cache").isEqualTo(2);
      assertThat(server.takeRequest().getUrl().encodedQuery()).isEqualTo("dataset=acme%2Fsums&config=main&split=test&offset=0&length=100");
      assertThat(d.source()).isEqualTo("huggingface:acme/sums:main/test");
    }
  }

  @Test
  void huggingFaceFileIsDownloadedFromTheRepository() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().code(200).body("{\"task\":\"a\"}\n{\"task\":\"b\"}\n").build());
      server.start();

      Dataset d = HuggingFace.builder("acme/tasks").file("data/train.jsonl").cache(dir).hub(server.url("/").toString()).token("hf_x")
          .build().load();

      assertThat(d.items()).extracting(i -> i.text("task")).containsExactly("a", "b");
      var req = server.takeRequest();
      assertThat(req.getUrl().encodedPath()).isEqualTo("/datasets/acme/tasks/resolve/main/data/train.jsonl");
      assertThat(req.getHeaders().get("Authorization")).isEqualTo("Bearer hf_x");
    }
  }

  @Test
  void huggingFaceErrorsSayWhatToDo() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().code(401).build());
      server.enqueue(new MockResponse.Builder().code(200).body("{\"rows\":[{\"row_idx\":0,\"row\":{\"a\":1},\"truncated_cells\":[\"tests_tar\"]}],"
          + "\"num_rows_total\":1}").build());
      server.start();
      String base = server.url("/").toString();

      assertThatThrownBy(() -> HuggingFace.builder("acme/gated").cache(dir).viewer(base).fromViewer().build().load())
          .hasMessage("could not download Hugging Face dataset acme/gated: access denied at " + base
              + "rows?dataset=acme%2Fgated&config=default&split=train&offset=0&length=100 (401): set HF_TOKEN for gated or private datasets");
      assertThatThrownBy(() -> HuggingFace.builder("acme/big").cache(dir).viewer(base).fromViewer().build().load())
          .hasMessage("row 0 of acme/big has cells the viewer truncated (tests_tar): read its Parquet files (leave fromViewer out) or a "
              + "data file of the repository with file: instead");
      assertThatThrownBy(() -> HuggingFace.builder("not a name")).hasMessage("`not a name` is not a Hugging Face dataset name: write owner/name");
    }
  }

  private static String rowsPage(int from, int n, int total) {
    StringBuilder sb = new StringBuilder("{\"features\":[{\"feature_idx\":0,\"name\":\"question\",\"type\":{\"dtype\":\"string\",\"_type\":\"Value\"}}],\"rows\":[");
    for (int i = from; i < from + n; i++) {
      sb.append(i > from ? "," : "").append("{\"row_idx\":").append(i).append(",\"row\":{\"question\":\"q").append(i)
          .append("\"},\"truncated_cells\":[]}");
    }
    return sb.append("],\"num_rows_total\":").append(total).append(",\"num_rows_per_page\":100,\"partial\":false}").toString();
  }
}

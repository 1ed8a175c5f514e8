package io.envbook.data;

import io.envbook.env.Item;
import io.envbook.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;

/**
 * Hugging Face datasets, downloaded once into a local cache and read from there afterwards. Three
 * ways in: a split as the Hub publishes it, the Parquet files of its {@code refs/convert/parquet}
 * branch ({@code <config>/<split>/0000.parquet}, ..., or {@code partial-<split>} for the largest
 * datasets), listed through {@code /api/datasets/<repo>/tree/...}; one data file of the repository
 * ({@code .jsonl}, {@code .json}, {@code .csv}, {@code .parquet}) through
 * {@code resolve/<revision>/<file>}; or a split's rows through the dataset viewer API ({@code /rows},
 * {@link Builder#fromViewer()}), whose truncated cells are refused, naming the fields. {@link #stream()}
 * goes through the rows without holding them.
 *
 * <p>Hosts come from {@code HF_ENDPOINT} (default {@code https://huggingface.co}) and
 * {@code HF_DATASETS_SERVER} (default {@code https://datasets-server.huggingface.co}); the cache from
 * {@code ENVBOOK_HF_CACHE} (default {@code ~/.cache/envbook/hf}); a token from {@code HF_TOKEN}.
 *
 * <pre>{@code
 * Dataset d = HuggingFace.builder("openai/gsm8k").config("main").split("test").build().load();
 * }</pre>
 */
public final class HuggingFace {
  private static final int PAGE = 100;
  private static final String PARQUET_BRANCH = "refs/convert/parquet";
  private final String repo;
  private final String split;
  private final String config;
  private final String file;
  private final String revision;
  private final Path cache;
  private final String hub;
  private final String viewer;
  private final String token;
  private final boolean fromViewer;
  private final OkHttpClient client;

  private HuggingFace(Builder b) {
    this.repo = b.repo;
    this.split = b.split;
    this.config = b.config;
    this.file = b.file;
    this.revision = b.revision;
    this.cache = b.cache;
    this.hub = trim(b.hub);
    this.viewer = trim(b.viewer);
    this.token = b.token;
    this.fromViewer = b.fromViewer;
    this.client = b.client != null ? b.client
        : new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(20)).readTimeout(Duration.ofMinutes(5)).build();
  }

  public static Builder builder(String repo) {
    return new Builder(repo);
  }

  /** The cached copy, downloading it first when there is none. */
  public Dataset load() {
    try (Stream<Item> rows = stream()) {
      return new Dataset(source(), rows.toList());
    }
  }

  /** The rows one at a time from the cached copy (downloaded first when there is none); close the stream after. */
  public Stream<Item> stream() {
    if (file == null && !fromViewer) {
      return DatasetFiles.parquet(parquetFiles());
    }
    Path cached = cachePath();
    if (!Files.exists(cached)) {
      download(cached, file != null ? this::downloadFile : this::downloadRows);
    }
    return file != null ? DatasetFiles.stream(cached) : DatasetFiles.jsonl(cached);
  }

  private String source() {
    return "huggingface:" + repo + (file != null ? "/" + file : ":" + config + "/" + split);
  }

  /** A download into {@code into}: written to a partial file beside it, moved in place once whole. */
  private interface Download {
    void into(Path partial) throws IOException;
  }

  private void download(Path cached, Download d) {
    try {
      Files.createDirectories(cached.getParent());
      Path partial = Files.createTempFile(cached.getParent(), "download-", ".part");
      try {
        d.into(partial);
        Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      throw new DatasetException("could not download Hugging Face dataset " + repo + ": " + e.getMessage(), e);
    }
  }

  Path cachePath() {
    Path dir = cache.resolve(repo.replace("/", "__"));
    if (file != null) {
      return dir.resolve(revision).resolve(file);
    }
    return fromViewer ? dir.resolve(config).resolve(split + ".jsonl") : dir.resolve("parquet").resolve(config).resolve(split);
  }

  /** The split's Parquet files in the cache, listed and downloaded first when the cache lacks them. */
  private List<Path> parquetFiles() {
    Path dir = cachePath();
    Path listing = dir.resolve("files.txt");
    if (!Files.exists(listing)) {
      List<String> paths = parquetListing();
      for (String path : paths) {
        Path local = dir.resolve(path.substring(path.lastIndexOf('/') + 1));
        if (!Files.exists(local)) {
          download(local, into -> get(hub + "/datasets/" + repo + "/resolve/" + enc(PARQUET_BRANCH) + "/" + path, into));
        }
      }
      download(listing, into -> Files.write(into, paths.stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).toList()));
    }
    try {
      return Files.readAllLines(listing).stream().filter(l -> !l.isBlank()).map(dir::resolve).toList();
    } catch (IOException e) {
      throw new DatasetException("cannot read the cached listing " + listing + ": " + e.getMessage(), e);
    }
  }

  /** The Parquet files of the split on the Hub's conversion branch: {@code <config>/<split>/}, else {@code <config>/partial-<split>/}. */
  private List<String> parquetListing() {
    for (String folder : List.of(split, "partial-" + split)) {
      String url = hub + "/api/datasets/" + repo + "/tree/" + enc(PARQUET_BRANCH) + "/" + config + "/" + folder;
      try (Response r = client.newCall(request(url)).execute()) {
        if (r.code() == 404) {
          continue;
        }
        check(r, url);
        List<String> paths = new ArrayList<>();
        for (JsonNode entry : Json.parse(r.body().string())) {
          String path = entry.path("path").asString("");
          if (entry.path("type").asString("file").equals("file") && path.endsWith(".parquet")) {
            paths.add(path);
          }
        }
        if (!paths.isEmpty()) {
          return paths.stream().sorted().toList();
        }
      } catch (IOException e) {
        throw new DatasetException("could not list the Parquet files of Hugging Face dataset " + repo + ": " + e.getMessage(), e);
      } catch (tools.jackson.core.JacksonException e) {
        throw new DatasetException("the Hub answered something that is not a file listing at " + url);
      }
    }
    throw new DatasetException("Hugging Face dataset " + repo + " has no Parquet files for config " + config + ", split " + split
        + " on its refs/convert/parquet branch: check the config and split names, or read a data file with file:");
  }

  private void get(String url, Path into) throws IOException {
    try (Response r = client.newCall(request(url)).execute()) {
      check(r, url);
      try (InputStream in = r.body().byteStream()) {
        Files.copy(in, into, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private void downloadFile(Path into) throws IOException {
    get(hub + "/datasets/" + repo + "/resolve/" + enc(revision) + "/" + file, into);
  }

  private void downloadRows(Path into) throws IOException {
    try (Writer w = Files.newBufferedWriter(into, StandardCharsets.UTF_8)) {
      long total = Long.MAX_VALUE;
      for (long offset = 0; offset < total; offset += PAGE) {
        String url = viewer + "/rows?dataset=" + enc(repo) + "&config=" + enc(config) + "&split=" + enc(split)
            + "&offset=" + offset + "&length=" + PAGE;
        JsonNode page;
        try (Response r = client.newCall(request(url)).execute()) {
          check(r, url);
          page = Json.parse(r.body().string());
        } catch (tools.jackson.core.JacksonException e) {
          throw new IOException("the dataset viewer answered something that is not JSON at " + url);
        }
        total = page.path("num_rows_total").asLong(0);
        JsonNode rows = page.get("rows");
        if (rows == null || !rows.isArray()) {
          throw new IOException("the dataset viewer's answer has no rows at " + url);
        }
        if (rows.isEmpty()) {
          break;
        }
        for (JsonNode row : rows) {
          List<String> cut = new ArrayList<>();
          row.path("truncated_cells").forEach(c -> cut.add(c.asString()));
          if (!cut.isEmpty()) {
            throw new DatasetException("row " + row.path("row_idx").asLong() + " of " + repo + " has cells the viewer truncated ("
                + String.join(", ", cut) + "): read its Parquet files (leave fromViewer out) or a data file of the repository with file: instead");
          }
          w.write(Json.write(row.get("row")));
          w.write('\n');
        }
      }
    }
  }

  private Request request(String url) {
    Request.Builder b = new Request.Builder().url(url).header("User-Agent", "envbook");
    if (token != null && !token.isBlank()) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.build();
  }

  private void check(Response r, String url) throws IOException {
    if (r.code() == 401 || r.code() == 403) {
      throw new IOException("access denied at " + url + " (" + r.code() + "): set HF_TOKEN for gated or private datasets");
    }
    if (r.code() == 404) {
      throw new IOException("not found at " + url + ": check the repository, config, split or file name");
    }
    if (!r.isSuccessful()) {
      throw new IOException("HTTP " + r.code() + " at " + url);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String trim(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Builds a {@link HuggingFace} source: split {@code train}, config {@code default} unless told otherwise. */
  public static final class Builder {
    private final String repo;
    private String split = "train";
    private String config = "default";
    private String file;
    private String revision = "main";
    private Path cache;
    private String hub = envOr("HF_ENDPOINT", "https://huggingface.co");
    private String viewer = envOr("HF_DATASETS_SERVER", "https://datasets-server.huggingface.co");
    private String token = System.getenv("HF_TOKEN");
    private boolean fromViewer;
    private OkHttpClient client;

    private Builder(String repo) {
      this.repo = Objects.requireNonNull(repo, "repo == null");
      if (!repo.matches("[\\w.-]+(/[\\w.-]+)?")) {
        throw new DatasetException("`" + repo + "` is not a Hugging Face dataset name: write owner/name");
      }
      String dir = System.getenv("ENVBOOK_HF_CACHE");
      this.cache = dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".cache", "envbook", "hf");
    }

    public Builder split(String split) {
      this.split = split;
      return this;
    }

    public Builder config(String config) {
      this.config = config;
      return this;
    }

    /** Read this file of the repository instead of the viewer's rows. */
    public Builder file(String path) {
      this.file = path;
      return this;
    }

    /** Read the split's rows through the dataset viewer's {@code /rows} API instead of its Parquet files. */
    public Builder fromViewer() {
      this.fromViewer = true;
      return this;
    }

    public Builder revision(String revision) {
      this.revision = revision;
      return this;
    }

    public Builder cache(Path dir) {
      this.cache = dir;
      return this;
    }

    public Builder hub(String url) {
      this.hub = url;
      return this;
    }

    public Builder viewer(String url) {
      this.viewer = url;
      return this;
    }

    public Builder token(String token) {
      this.token = token;
      return this;
    }

    public Builder client(OkHttpClient client) {
      this.client = client;
      return this;
    }

    public HuggingFace build() {
      return new HuggingFace(this);
    }

    private static String envOr(String name, String fallback) {
      String v = System.getenv(name);
      return v == null || v.isBlank() ? fallback : v;
    }
  }
}

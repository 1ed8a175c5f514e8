package io.envbook.data;

import io.envbook.env.Item;
import io.envbook.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Dataset files read one row at a time, so a file of any size is read in memory of one row: JSONL,
 * JSON (an array of objects, or an object holding one such array), CSV with a header row, and
 * Parquet. Each stream holds its file open until it is closed. Errors name the file and line.
 *
 * <pre>{@code
 * try (Stream<Item> items = DatasetFiles.stream(Path.of("data/train.parquet"))) {
 *   items.forEach(...);
 * }
 * }</pre>
 */
public final class DatasetFiles {
  private DatasetFiles() {}

  /** Reads a file by its extension: {@code .jsonl}/{@code .ndjson}, {@code .json}, {@code .csv} or {@code .parquet}. */
  public static Stream<Item> stream(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return jsonl(file);
    }
    if (name.endsWith(".json")) {
      return json(file);
    }
    if (name.endsWith(".csv")) {
      return csv(file);
    }
    if (name.endsWith(".parquet")) {
      return parquet(List.of(file));
    }
    throw new DatasetException(file + " has an unknown format: use .jsonl, .json, .csv or .parquet");
  }

  /** The rows of Parquet files, in order, as one dataset. */
  public static Stream<Item> parquet(List<Path> files) {
    files.forEach(DatasetFiles::checkExists);
    return ParquetRows.stream(files);
  }

  public static Stream<Item> jsonl(Path file) {
    BufferedReader in = open(file);
    int[] line = {0};
    int[] index = {0};
    return rows(in, () -> {
      String text;
      while ((text = readLine(in, file)) != null) {
        line[0]++;
        if (text.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = Json.parse(text);
        } catch (JacksonException e) {
          throw new DatasetException(file + " line " + line[0] + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
          throw new DatasetException(file + " line " + line[0] + " is not a JSON object");
        }
        return Datasets.item(index[0]++, plain(node));
      }
      return null;
    });
  }

  public static Stream<Item> json(Path file) {
    checkExists(file);
    int arrays = countTopLevelArrays(file);
    JsonParser parser = parser(file);
    try {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_OBJECT) {
        if (arrays != 1) {
          throw new DatasetException(file + " must hold an array of objects, or an object with exactly one array field (found " + arrays + ")");
        }
        while (parser.nextToken() != JsonToken.START_ARRAY) {
          if (parser.currentToken() == JsonToken.PROPERTY_NAME) {
            continue;
          }
          parser.skipChildren();
        }
      } else if (first != JsonToken.START_ARRAY) {
        throw new DatasetException(file + " must hold an array of objects");
      }
    } catch (JacksonException e) {
      parser.close();
      throw invalidJson(file, e);
    } catch (RuntimeException e) {
      parser.close();
      throw e;
    }
    int[] index = {0};
    return rows(parser, () -> {
      try {
        JsonToken t = parser.nextToken();
        if (t == JsonToken.END_ARRAY || t == null) {
          return null;
        }
        if (t != JsonToken.START_OBJECT) {
          throw new DatasetException(file + " item " + (index[0] + 1) + " is not a JSON object");
        }
        JsonNode row = parser.readValueAsTree();
        return Datasets.item(index[0]++, plain(row));
      } catch (JacksonException e) {
        throw invalidJson(file, e);
      }
    });
  }

  public static Stream<Item> csv(Path file) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    Reader in = open(file);
    CSVParser parser;
    try {
      parser = CSVParser.parse(in, format);
    } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      closeQuietly(in);
      throw new DatasetException(file + " is not valid CSV: " + e.getMessage(), e);
    }
    List<String> header = parser.getHeaderNames();
    Iterator<CSVRecord> records = parser.iterator();
    int[] index = {0};
    return rows(parser, () -> {
      try {
        if (!records.hasNext()) {
          return null;
        }
        CSVRecord rec = records.next();
        if (!rec.isConsistent()) {
          throw new DatasetException(file + " line " + rec.getParser().getCurrentLineNumber() + " has " + rec.size()
              + " values but the header has " + header.size());
        }
        Map<String, Object> row = new LinkedHashMap<>();
        header.forEach(h -> row.put(h, rec.get(h)));
        return Datasets.item(index[0]++, row);
      } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
        throw new DatasetException(file + " is not valid CSV: " + e.getMessage(), e);
      }
    });
  }

  /** Supplies the next item, or {@code null} at the end. */
  private interface NextItem {
    Item next();
  }

  private static Stream<Item> rows(AutoCloseable source, NextItem next) {
    Spliterator<Item> items = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
      @Override
      public boolean tryAdvance(Consumer<? super Item> action) {
        Item item = next.next();
        if (item == null) {
          return false;
        }
        action.accept(item);
        return true;
      }
    };
    return StreamSupport.stream(items, false).onClose(() -> closeQuietly(source));
  }

  private static int countTopLevelArrays(Path file) {
    try (JsonParser p = parser(file)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return 0;
      }
      int arrays = 0;
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        if (p.nextToken() == JsonToken.START_ARRAY) {
          arrays++;
        }
        p.skipChildren();
      }
      return arrays;
    } catch (JacksonException e) {
      throw invalidJson(file, e);
    }
  }

  private static JsonParser parser(Path file) {
    try {
      return Json.MAPPER.createParser(Files.newBufferedReader(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw missing(file);
    } catch (IOException e) {
      throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static DatasetException invalidJson(Path file, JacksonException e) {
    return new DatasetException(file + " line " + e.getLocation().getLineNr() + " is not valid JSON: " + e.getOriginalMessage());
  }

  private static BufferedReader open(Path file) {
    try {
      return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw missing(file);
    } catch (IOException e) {
      throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String readLine(BufferedReader in, Path file) {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void checkExists(Path file) {
    if (!Files.exists(file)) {
      throw missing(file);
    }
  }

  static DatasetException missing(Path file) {
    return new DatasetException("dataset file " + file + " does not exist");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> plain(JsonNode node) {
    return (Map<String, Object>) Json.toPlain(node);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // nothing was written: a reader that fails to close loses nothing
    }
  }
}

package io.envbook.data;

import dev.hardwood.InputFile;
import dev.hardwood.reader.ParquetFileReader;
import dev.hardwood.reader.RowReader;
import dev.hardwood.row.PqList;
import dev.hardwood.row.PqMap;
import dev.hardwood.row.PqStruct;
import dev.hardwood.row.StructAccessor;
import io.envbook.env.Item;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Rows of Parquet files, one {@link Item} at a time, read with Hardwood (no Hadoop, pages decoded
 * as they are reached, so memory does not grow with the file). Values become what JSON rows would
 * hold: strings, numbers, booleans, lists and maps (structs by field name), bytes as
 * {@code byte[]}, dates and times as ISO text.
 *
 * <pre>{@code
 * try (Stream<Item> rows = ParquetRows.stream(List.of(Path.of("train-0000.parquet")))) {
 *   rows.limit(10).forEach(System.out::println);
 * }
 * }</pre>
 */
final class ParquetRows {
  private ParquetRows() {}

  /** The rows of {@code files}, in order, as one stream; close it to release the files. */
  static Stream<Item> stream(List<Path> files) {
    ParquetFileReader file;
    try {
      file = files.size() == 1 ? ParquetFileReader.open(InputFile.of(files.getFirst())) : ParquetFileReader.openAll(InputFile.ofPaths(files));
    } catch (IOException | RuntimeException e) {
      throw new DatasetException(files.getFirst() + (files.size() > 1 ? " (or another of its " + files.size() + " files)" : "")
          + " is not a Parquet file envbook can read: " + e.getMessage(), e);
    }
    RowReader rows = file.rowReader();
    Spliterator<Item> items = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
      private int index;

      @Override
      public boolean tryAdvance(Consumer<? super Item> action) {
        try {
          if (!rows.hasNext()) {
            return false;
          }
          rows.next();
          action.accept(Datasets.item(index++, struct(rows)));
          return true;
        } catch (RuntimeException e) {
          if (e instanceof DatasetException) {
            throw e;
          }
          throw new DatasetException("row " + index + " of " + files.getFirst() + " could not be read: " + e.getMessage(), e);
        }
      }
    };
    return StreamSupport.stream(items, false).onClose(() -> {
      rows.close();
      try {
        file.close();
      } catch (IOException e) {
        throw new DatasetException("could not close " + files.getFirst() + ": " + e.getMessage(), e);
      }
    });
  }

  private static Map<String, Object> struct(StructAccessor s) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < s.getFieldCount(); i++) {
      out.put(s.getFieldName(i), s.isNull(i) ? null : plain(s.getValue(i)));
    }
    return out;
  }

  private static Object plain(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number && !(v instanceof BigDecimal) || v instanceof byte[]) {
      return v;
    }
    if (v instanceof BigDecimal d) {
      return d.doubleValue();
    }
    if (v instanceof PqStruct s) {
      return struct(s);
    }
    if (v instanceof PqList l) {
      List<Object> out = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        out.add(l.isNull(i) ? null : plain(l.get(i)));
      }
      return out;
    }
    if (v instanceof PqMap m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.getEntries().forEach(e -> out.put(String.valueOf(plain(e.getKey())), plain(e.getValue())));
      return out;
    }
    return v.toString(); // dates, times, timestamps, UUIDs, intervals, variants
  }
}

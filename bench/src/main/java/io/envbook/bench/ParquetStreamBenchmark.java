package io.envbook.bench;

import io.envbook.data.DatasetFiles;
import io.envbook.data.Datasets;
import io.envbook.env.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Memory while a Parquet dataset streams (not a test): writes N rows (a task name, a 400-character
 * instruction, a number, two tags; Snappy, row groups of 8 MB, as the Hub's converter writes them)
 * with parquet-java, then reads them with
 * {@link DatasetFiles#stream} and prints the heap in use after a GC every tenth of the way, and the
 * same for the whole file loaded into a list ({@link Datasets#file}) for comparison.
 *
 * <pre>
 * bench/run ParquetStreamBenchmark 100000
 * </pre>
 */
public final class ParquetStreamBenchmark {
  private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
      message row {
        required binary task_name (STRING);
        required binary instruction (STRING);
        required int64 n;
        optional group tags (LIST) { repeated group list { optional binary element (STRING); } }
      }""");

  private ParquetStreamBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path dir = Files.createTempDirectory("envbook-parquet-bench-");
    Path file = dir.resolve("train.parquet");
    long t0 = System.nanoTime();
    write(file, rows);
    System.out.printf(Locale.ROOT, "wrote %,d rows, %.1f MB, in %.1f s%n", rows, Files.size(file) / 1e6, (System.nanoTime() - t0) / 1e9);
    System.out.printf(Locale.ROOT, "heap in use before reading: %.1f MB%n", usedMb());

    System.out.println("| rows read | heap in use, streaming |");
    System.out.println("|---|---|");
    t0 = System.nanoTime();
    long count = 0;
    try (Stream<Item> items = DatasetFiles.stream(file)) {
      Iterator<Item> it = items.iterator();
      while (it.hasNext()) {
        it.next();
        count++;
        if (count % (rows / 10) == 0) {
          System.out.printf(Locale.ROOT, "| %,d | %.1f MB |%n", count, usedMb());
        }
      }
    }
    double streamSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "streamed %,d rows in %.2f s (%,.0f rows/s)%n", count, streamSeconds, count / streamSeconds);

    t0 = System.nanoTime();
    try {
      var whole = Datasets.file(file);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double used = usedMb();
      System.out.printf(Locale.ROOT, "loaded whole: %,d rows in %.2f s, heap in use %.1f MB%n", whole.size(), seconds, used);
    } catch (OutOfMemoryError e) {
      System.out.printf(Locale.ROOT, "loaded whole: does not fit in a heap of %.0f MB%n", Runtime.getRuntime().maxMemory() / 1e6);
    }
    Files.delete(file);
    Files.delete(dir);
  }

  private static void write(Path file, int rows) throws Exception {
    SimpleGroupFactory f = new SimpleGroupFactory(SCHEMA);
    String filler = "Fix the failing build in /app and make every test in /app/tests pass without changing them. ".repeat(5)
        .substring(0, 380);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withConf(new PlainParquetConfiguration())
        .withType(SCHEMA).withCompressionCodec(CompressionCodecName.SNAPPY).withRowGroupSize(8L << 20).build()) {
      for (int i = 0; i < rows; i++) {
        Group g = f.newGroup().append("task_name", "task-" + i).append("instruction", filler + " (task " + i + ")").append("n", (long) i);
        Group tags = g.addGroup("tags");
        tags.addGroup("list").append("element", "tag-" + (i % 17));
        tags.addGroup("list").append("element", i % 2 == 0 ? "even" : "odd");
        w.write(g);
      }
    }
  }

  private static double usedMb() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return (rt.totalMemory() - rt.freeMemory()) / 1e6;
  }
}

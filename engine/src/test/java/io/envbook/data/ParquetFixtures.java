package io.envbook.data;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * Real Parquet files for the tests, written with parquet-java (the reference implementation),
 * Snappy-compressed like the Hub's, in the shape of a TerminalBench-style dataset: a name, a number,
 * a score, a flag, an optional category, a list of tags and an image-like struct of bytes and path.
 */
final class ParquetFixtures {
  static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
      message task {
        required binary task_name (STRING);
        required int64 n;
        required double score;
        required boolean hard;
        optional binary category (STRING);
        optional group tags (LIST) { repeated group list { optional binary element (STRING); } }
        optional group image { optional binary bytes; optional binary path (STRING); }
      }""");

  private ParquetFixtures() {}

  /** Writes rows {@code from} to {@code from + count - 1}: row i is {@code task-i}, {@code n = i}, tags {@code t<i>} and {@code even} on even rows. */
  static Path write(Path file, int from, int count) throws Exception {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    SimpleGroupFactory rows = new SimpleGroupFactory(SCHEMA);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withConf(new PlainParquetConfiguration())
        .withType(SCHEMA).withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
      for (int i = from; i < from + count; i++) {
        Group g = rows.newGroup().append("task_name", "task-" + i).append("n", (long) i).append("score", i / 4.0).append("hard", i % 3 == 0);
        if (i % 2 == 0) {
          g.append("category", "even");
        }
        Group tags = g.addGroup("tags");
        tags.addGroup("list").append("element", "t" + i);
        if (i % 2 == 0) {
          tags.addGroup("list").append("element", "even");
        }
        g.addGroup("image").append("bytes", org.apache.parquet.io.api.Binary.fromConstantByteArray(new byte[] {1, 2, (byte) i}))
            .append("path", "img/" + i + ".png");
        w.write(g);
      }
    }
    return file;
  }
}

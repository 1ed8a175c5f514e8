package io.envbook.export;

import io.envbook.json.Json;
import io.envbook.model.ToolSchema;
import io.envbook.rollout.Rollout;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes SFT data from rollouts: filtered by {@link SftFilter}, as ShareGPT ({@code sharegpt}) or
 * OpenAI chat messages ({@code openai}) JSONL.
 *
 * <pre>{@code
 * int n = SftExport.write(rollouts, new SftFilter(1.0, 1, true), SftExport.Format.SHAREGPT, tools, Path.of("sft.jsonl"));
 * }</pre>
 */
public final class SftExport {
  /** The output formats. */
  public enum Format {
    SHAREGPT, OPENAI;

    /** Parses {@code sharegpt} or {@code openai}. */
    public static Format parse(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "sharegpt" -> SHAREGPT;
        case "openai", "messages" -> OPENAI;
        default -> throw new IllegalArgumentException("unknown SFT format `" + name + "`: use sharegpt or openai");
      };
    }
  }

  private SftExport() {}

  /** Writes the kept rollouts and returns how many were written. */
  public static int write(List<Rollout> rollouts, SftFilter filter, Format format, List<ToolSchema> tools, Path out) throws IOException {
    List<Rollout> kept = filter.apply(rollouts);
    io.envbook.util.FilePaths.createParents(out);
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      int i = 0;
      for (Rollout r : kept) {
        w.write(Json.write(format == Format.SHAREGPT ? ShareGpt.format(r, i, tools) : OpenAiMessages.format(r, tools)));
        w.write('\n');
        i++;
      }
    }
    return kept.size();
  }
}

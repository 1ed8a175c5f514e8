package io.envbook.bench;

import io.envbook.model.ToolCallParser;
import io.envbook.parsers.ToolCallParsers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parse throughput per tool-call parser (not a test): about 1 MB of model output per parse, prose with
 * calls in the parser's own format, parsed again and again for two seconds after a warm-up.
 *
 * <pre>
 * bench/run ParserBenchmark
 * </pre>
 */
public final class ParserBenchmark {
  private ParserBenchmark() {}

  static Map<String, String> samples() {
    String args = "{\"command\": \"grep -rn 'TODO' src/ | head -n 50\", \"timeout\": 30}";
    String ds = "<｜tool▁call▁begin｜>";
    Map<String, String> m = new LinkedHashMap<>();
    m.put("hermes", "<tool_call>\n{\"name\": \"terminal\", \"arguments\": " + args + "}\n</tool_call>\n");
    m.put("qwen", m.get("hermes"));
    m.put("longcat", "<longcat_tool_call>{\"name\": \"terminal\", \"arguments\": " + args + "}</longcat_tool_call>\n");
    m.put("mistral", "[TOOL_CALLS]terminal" + args);
    m.put("llama3_json", "{\"name\": \"terminal\", \"parameters\": " + args + "}; ");
    m.put("llama4_json", m.get("llama3_json"));
    m.put("qwen3_coder", "<tool_call>\n<function=terminal>\n<parameter=command>\ngrep -rn 'TODO' src/ | head -n 50\n</parameter>\n"
        + "<parameter=timeout>\n30\n</parameter>\n</function>\n</tool_call>\n");
    m.put("deepseek_v3", ds + "function<｜tool▁sep｜>terminal\n```json\n" + args + "\n```<｜tool▁call▁end｜>");
    m.put("deepseek_v3_1", ds + "terminal<｜tool▁sep｜>" + args + "<｜tool▁call▁end｜>");
    m.put("deepseek_v31", m.get("deepseek_v3_1"));
    m.put("kimi_k2", "<|tool_call_begin|>functions.terminal:0<|tool_call_argument_begin|>" + args + "<|tool_call_end|>");
    m.put("glm45", "<tool_call>terminal\n<arg_key>command</arg_key>\n<arg_value>grep -rn 'TODO' src/</arg_value>\n</tool_call>\n");
    m.put("glm47", "<tool_call>terminal<arg_key>command</arg_key><arg_value>grep -rn 'TODO' src/</arg_value></tool_call>\n");
    return m;
  }

  public static void main(String[] args) {
    String prose = "I will look at the repository first, then run the tests and report what I find. ";
    // wall-clock MB/s, and MB per second of this thread's CPU time (steadier on a shared, loaded machine)
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    System.out.println("| parser | input | calls | MB/s | MB/s of CPU time |");
    System.out.println("|---|---|---|---|---|");
    for (Map.Entry<String, String> e : samples().entrySet()) {
      String call = e.getValue();
      String text;
      if (e.getKey().equals("mistral")) {
        text = prose.repeat(3000) + (("[TOOL_CALLS]terminal" + call.substring("[TOOL_CALLS]terminal".length()))).repeat(6000);
      } else if (e.getKey().startsWith("deepseek") || e.getKey().equals("kimi_k2")) {
        String begin = e.getKey().equals("kimi_k2") ? "<|tool_calls_section_begin|>" : "<｜tool▁calls▁begin｜>";
        text = prose.repeat(3000) + begin + call.repeat(6000);
      } else {
        text = (prose + call).repeat(6000);
      }
      ToolCallParser parser = ToolCallParsers.get(e.getKey());
      int calls = parser.parse(text).calls().size();
      long bytes = text.getBytes(StandardCharsets.UTF_8).length;
      long end = System.nanoTime() + 1_000_000_000L;
      while (System.nanoTime() < end) {
        parser.parse(text);
      }
      int runs = 0;
      long t0 = System.nanoTime();
      long cpu0 = threads.getCurrentThreadCpuTime();
      while (System.nanoTime() - t0 < 2_000_000_000L) {
        parser.parse(text);
        runs++;
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
      System.out.printf(Locale.ROOT, "| %s | %.1f MB | %d | %.0f | %.0f |%n", e.getKey(), bytes / 1e6, calls, bytes * runs / seconds / 1e6,
          bytes * runs / cpuSeconds / 1e6);
    }
  }
}

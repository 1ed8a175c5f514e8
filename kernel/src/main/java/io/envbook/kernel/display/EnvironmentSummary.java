package io.envbook.kernel.display;

import io.envbook.env.EnvConfig;
import io.envbook.env.Environment;
import io.envbook.report.Html;
import io.envbook.tools.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An environment as a short card: name, group size, limits, tools, system prompt. */
final class EnvironmentSummary {
  private EnvironmentSummary() {}

  static MimeBundle render(Environment env) {
    EnvConfig c = env.config();
    List<String> tools = new ArrayList<>(c.toolsets());
    env.tools().stream().map(Tool::name).forEach(tools::add);
    String text = "environment " + c.name() + ": group " + c.groupSize() + ", max " + c.limits().maxTurns() + " turns, tools "
        + (tools.isEmpty() ? "none" : String.join(", ", tools)) + ", sandbox " + c.sandbox()
        + (env.scriptedPolicy() != null ? ", scripted model declared" : "");
    String html = "<div style=\"font-family:sans-serif;font-size:13px;border:1px solid #ddd;border-radius:6px;padding:6px 10px\">"
        + "<b>environment " + Html.esc(c.name()) + "</b><br>group " + c.groupSize() + " · max " + c.limits().maxTurns()
        + " turns · timeout " + c.limits().wallTime().toSeconds() + " s · sandbox " + Html.esc(c.sandbox()) + "<br>tools: "
        + Html.esc(tools.isEmpty() ? "none" : String.join(", ", tools))
        + (c.systemPrompt() == null ? "" : "<br>system: <i>" + Html.esc(Html.cut(c.systemPrompt(), 200)) + "</i>")
        + (env.scriptedPolicy() != null ? "<br>scripted model declared (built-in, offline)" : "") + "</div>";
    return MimeBundle.of(Map.of("text/html", html, "text/plain", text));
  }
}

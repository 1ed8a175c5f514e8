package io.envbook.report;

import static io.envbook.report.Html.cut;
import static io.envbook.report.Html.esc;
import static io.envbook.report.Html.num;

import io.envbook.loop.ToolError;
import io.envbook.model.Message;
import io.envbook.model.ToolCall;
import io.envbook.rollout.Rollout;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders one rollout as a readable transcript: a header with the reward and its parts, then each
 * message in a box of its own; the system prompt, reasoning, and every tool call with its result are
 * folded ({@code <details>}), tool errors are marked. Inline styles only, and readable without them
 * (an untrusted notebook keeps none): each message is a {@code <fieldset>} with its role as the
 * {@code <legend>}, which browsers draw as a labelled box by themselves.
 */
public final class TranscriptHtml {
  private static final String BOX = "border:1px solid #ddd;border-radius:6px;padding:2px 10px 6px;margin:4px 0;";
  private static final String LEGEND = "<legend style=\"font-size:13px;font-weight:bold;width:auto;border:0;margin:0;padding:0 4px\">";

  private TranscriptHtml() {}

  public static String render(Rollout r) {
    StringBuilder sb = new StringBuilder("<div style=\"font-family:sans-serif;font-size:13px;max-width:900px\">");
    header(r, sb);
    Map<String, String> results = new HashMap<>();
    for (Message m : r.messages()) {
      if (m.role().equals("tool") && m.toolCallId() != null) {
        results.put(m.toolCallId(), m.content());
      }
    }
    for (Message m : r.messages()) {
      switch (m.role()) {
        case "system" -> sb.append(Html.folded(BOX + "background:#f6f6f6", "<b>system</b> " + esc(cut(m.content(), 80)),
            "<pre style=\"white-space:pre-wrap\">" + esc(m.content()) + "</pre>"));
        case "user" -> block(sb, "user", "#eef4ff", m.content());
        case "assistant" -> assistant(sb, m, results, r.toolErrors());
        default -> { } // tool results are shown under their calls
      }
    }
    return sb.append("</div>").toString();
  }

  private static void header(Rollout r, StringBuilder sb) {
    sb.append("<div style=\"").append(BOX).append("background:").append(Html.rewardColour(r.score())).append("\">")
        .append("<b>").append(esc(r.env())).append("</b> · item <code>").append(esc(r.itemId())).append("</code> · sample ")
        .append(r.sample()).append(" · <b>reward ").append(num(r.score())).append("</b>");
    if (!r.reward().parts().isEmpty()) {
      sb.append(" = ");
      int i = 0;
      for (Map.Entry<String, Double> p : r.reward().parts().entrySet()) {
        sb.append(i++ > 0 ? " + " : "").append(esc(p.getKey())).append(" ").append(num(p.getValue()));
      }
    }
    sb.append("<br><span style=\"color:#555\">").append(r.turns()).append(" turns · ")
        .append(r.stopReason() == null ? "not run" : r.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '))
        .append(" · ").append(r.toolErrors().size()).append(" tool errors · ").append(esc(r.model())).append("</span>");
    for (io.envbook.judge.Verdict v : r.reward().verdicts()) {
      sb.append("<br>judge <code>").append(esc(v.model())).append("</code>: <b>").append(esc(v.verdict())).append("</b> (")
          .append(num(v.score())).append(", ").append(v.usage().total()).append(" tokens")
          .append(v.attempts() > 1 ? ", " + v.attempts() + " attempts" : "").append(")");
    }
    if (r.reward().explanation() != null) {
      sb.append("<br><i>").append(esc(r.reward().explanation())).append("</i>");
    }
    if (!r.ok()) {
      sb.append("<br><b style=\"color:#b00\">failed:</b> ").append(esc(r.error()));
    }
    sb.append("</div>");
  }

  private static void assistant(StringBuilder sb, Message m, Map<String, String> results, List<ToolError> errors) {
    sb.append("<fieldset style=\"").append(BOX).append("background:#f4fff4\">").append(LEGEND).append("assistant</legend>");
    if (m.reasoning() != null && !m.reasoning().isBlank()) {
      sb.append(Html.folded("<i>reasoning</i>", "<pre style=\"white-space:pre-wrap;color:#555\">" + esc(m.reasoning()) + "</pre>"));
    }
    if (m.content() != null && !m.content().isBlank()) {
      sb.append("<pre style=\"white-space:pre-wrap;margin:4px 0\">").append(esc(m.content())).append("</pre>");
    }
    for (ToolCall c : m.toolCalls()) {
      String result = results.get(c.id());
      boolean failed = errors.stream().anyMatch(e -> e.toolName().equals(c.name()) && e.arguments() != null
          && c.arguments().startsWith(e.arguments()) && result != null && result.contains("error"));
      sb.append(Html.folded("margin:2px 0 2px 12px", "tool call <code>" + esc(c.name()) + "(" + esc(cut(c.arguments(), 100)) + ")</code>"
          + (failed ? " <b style=\"color:#b00\">error</b>" : ""),
          "<pre style=\"white-space:pre-wrap;background:#fafafa\">" + esc(c.arguments()) + "</pre><b>result</b>"
          + "<pre style=\"white-space:pre-wrap;background:#fffbe6\">" + esc(result == null ? "(no result)" : result) + "</pre>"));
    }
    sb.append("</fieldset>");
  }

  private static void block(StringBuilder sb, String role, String bg, String content) {
    sb.append("<fieldset style=\"").append(BOX).append("background:").append(bg).append("\">").append(LEGEND).append(role)
        .append("</legend><pre style=\"white-space:pre-wrap;margin:4px 0\">").append(esc(content)).append("</pre></fieldset>");
  }

  /** A plain-text transcript for front ends without HTML. */
  public static String text(Rollout r) {
    StringBuilder sb = new StringBuilder();
    sb.append(r.env()).append(" item ").append(r.itemId()).append(" sample ").append(r.sample()).append(": reward ")
        .append(num(r.score())).append(r.reward().parts().isEmpty() ? "" : " " + r.reward().parts()).append(", ")
        .append(r.turns()).append(" turns").append(r.ok() ? "" : ", failed: " + r.error()).append('\n');
    for (Message m : r.messages()) {
      switch (m.role()) {
        case "assistant" -> {
          sb.append("[assistant] ").append(cut(m.content(), 300)).append('\n');
          m.toolCalls().forEach(c -> sb.append("  [tool call] ").append(c.name()).append(cut(c.arguments(), 200)).append('\n'));
        }
        case "tool" -> sb.append("  [tool result] ").append(cut(m.content(), 300)).append('\n');
        default -> sb.append('[').append(m.role()).append("] ").append(cut(m.content(), 300)).append('\n');
      }
    }
    return sb.toString();
  }
}

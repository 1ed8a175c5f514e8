package io.envbook.report;

/** Small helpers for building HTML by hand: escaping and number formatting. */
public final class Html {
  private Html() {}

  /** Escapes text for HTML element content and attribute values. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * A folded section ({@code <details>}) whose summary starts with a ▸ of its own instead of the
   * browser's marker: classic Notebook's CSS hides that marker ({@code summary {display: block}}), and
   * an untrusted notebook keeps no style that could bring it back.
   */
  public static String folded(String style, String summaryHtml, String bodyHtml) {
    return "<details" + (style.isEmpty() ? "" : " style=\"" + style + "\"") + "><summary style=\"cursor:pointer;list-style:none\">▸ "
        + summaryHtml + "</summary>" + bodyHtml + "</details>";
  }

  /** A folded section without a style of its own. */
  public static String folded(String summaryHtml, String bodyHtml) {
    return folded("", summaryHtml, bodyHtml);
  }

  /** A number with up to three decimals, e.g. {@code 0.5}, {@code 1}, {@code 0.333}. */
  public static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = String.format(java.util.Locale.ROOT, "%.3f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** Cuts text to {@code max} characters with an ellipsis. */
  public static String cut(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  /**
   * A background colour for a reward in [0, 1], red through amber to green, as {@code #rrggbb}: the
   * notation every notebook sanitizer keeps (JupyterLab's drops {@code hsl(...)}), also in a
   * {@code bgcolor} attribute where styles are stripped.
   */
  public static String rewardColour(double r) {
    double x = Math.max(0, Math.min(1, r));
    double hue = x * 120; // hsl(hue, 70%, 88%)
    double c = (1 - Math.abs(2 * 0.88 - 1)) * 0.70;
    double h = hue / 60;
    double second = c * (1 - Math.abs(h % 2 - 1));
    double red = h < 1 ? c : h < 2 ? second : 0;
    double green = h < 1 ? second : c;
    double m = 0.88 - c / 2;
    return String.format(java.util.Locale.ROOT, "#%02x%02x%02x", Math.round((red + m) * 255), Math.round((green + m) * 255),
        Math.round(m * 255));
  }
}

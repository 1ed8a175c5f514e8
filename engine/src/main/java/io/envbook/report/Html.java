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

  /** A background colour for a reward in [0, 1]: red through amber to green. */
  public static String rewardColour(double r) {
    double x = Math.max(0, Math.min(1, r));
    int hue = (int) Math.round(x * 120);
    return "hsl(" + hue + ", 70%, 88%)";
  }
}

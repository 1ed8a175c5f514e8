package io.envbook.kernel.display;

import io.envbook.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Data to show in several MIME types at once; the front end picks the richest it can render.
 *
 * <pre>{@code
 * display(MimeBundle.html("<b>done</b>"))
 * display(MimeBundle.of(Map.of("text/markdown", "**done**", "text/plain", "done")))
 * }</pre>
 */
public record MimeBundle(Map<String, Object> data) {
  public MimeBundle {
    data = new LinkedHashMap<>(data);
    data.putIfAbsent("text/plain", String.valueOf(data.values().stream().findFirst().orElse("")));
  }

  public static MimeBundle of(Map<String, ?> data) {
    return new MimeBundle(new LinkedHashMap<>(data));
  }

  public static MimeBundle html(String html) {
    return of(Map.of("text/html", html, "text/plain", "[HTML]"));
  }

  public static MimeBundle markdown(String markdown) {
    return of(Map.of("text/markdown", markdown, "text/plain", markdown));
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    data.forEach((mime, v) -> {
      if (mime.endsWith("json") || mime.endsWith("+json")) {
        o.set(mime, v instanceof String s ? Json.parse(s) : Json.toTree(v));
      } else {
        o.put(mime, String.valueOf(v));
      }
    });
    return o;
  }

  @Override
  public String toString() {
    return String.valueOf(data.get("text/plain"));
  }
}

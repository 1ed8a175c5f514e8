package io.envbook.server;

import io.envbook.json.Json;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenEnv's HTTP endpoints: {@code POST /reset}, {@code POST /step}, {@code GET /state},
 * {@code GET /health}, {@code GET /metadata}, {@code GET /schema}, and {@code POST /mcp}. Unlike
 * OpenEnv's own HTTP endpoints (a fresh environment per request), an episode lives from its reset
 * to its end: a step names it with {@code episode_id} (from the reset's observation), or goes to
 * the last episode this client opened without naming one, as OpenEnv's older single-session
 * servers did. Errors are {@code {"detail": "one sentence"}} with a 4xx, as FastAPI answers.
 */
final class HttpRoutes extends Handler.Abstract {
  private final Episodes episodes;
  private final Mcp mcp;
  private final ObjectNode metadata;

  HttpRoutes(Episodes episodes, Mcp mcp, ObjectNode metadata) {
    this.episodes = episodes;
    this.mcp = mcp;
    this.metadata = metadata;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String route = request.getMethod() + " " + Request.getPathInContext(request);
    int status = 200;
    JsonNode answer;
    try {
      answer = switch (route) {
        case "POST /reset" -> episodes.reset(body(request, true), true);
        case "POST /step" -> step(body(request, false));
        case "GET /state" -> episodes.get(Request.extractQueryParameters(request).getValue("episode_id")).state();
        case "GET /health" -> Json.object().put("status", "healthy").put("active_episodes", episodes.active())
            .put("finished_episodes", episodes.finished());
        case "GET /metadata" -> metadata;
        case "GET /schema" -> Schemas.all();
        case "POST /mcp" -> mcp(body(request, false));
        default -> throw new BadRequest(404, "no endpoint " + route + ": this server has POST /reset, POST /step, GET /state, "
            + "GET /health, GET /metadata, GET /schema, POST /mcp and the WebSocket /ws");
      };
    } catch (BadRequest e) {
      status = e.status();
      answer = Json.object().put("detail", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = 503;
      answer = Json.object().put("detail", "the server is stopping");
    } catch (RuntimeException e) {
      status = 500;
      answer = Json.object().put("detail", "the server failed on this request: " + e);
    }
    if (answer == null) {
      response.setStatus(202); // a JSON-RPC notification
      callback.succeeded();
      return true;
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    Content.Sink.write(response, true, Json.write(answer), callback);
    return true;
  }

  private JsonNode step(JsonNode body) throws InterruptedException {
    if (body == null || !body.isObject() || !body.has("action")) {
      throw BadRequest.invalid("a step is {\"action\": {...}, \"episode_id\": \"...\"}: the body has no action");
    }
    Episode e = episodes.get(body.hasNonNull("episode_id") ? body.get("episode_id").asString() : null);
    JsonNode action = body.get("action");
    if (Actions.listsTools(action)) {
      return Observations.toolList(e);
    }
    return e.step(Actions.read(action, episodes.rollouts().tools()));
  }

  private JsonNode mcp(JsonNode body) throws InterruptedException {
    return mcp.handle(body, episodes::get);
  }

  private static JsonNode body(Request request, boolean mayBeEmpty) {
    String text;
    try {
      text = Content.Source.asString(request, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw BadRequest.invalid("the request body could not be read: " + e.getMessage());
    }
    if (text.isBlank()) {
      if (mayBeEmpty) {
        return null;
      }
      throw BadRequest.invalid("the body is empty: send a JSON object");
    }
    try {
      return Json.parse(text);
    } catch (RuntimeException e) {
      throw BadRequest.invalid("the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}

package io.envbook.server;

import io.envbook.json.Json;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One WebSocket connection at {@code /ws}, one episode at a time, as OpenEnv's servers hold a
 * session: {@code {"type": "reset", "data": {...}}}, {@code {"type": "step", "data": action}},
 * {@code {"type": "state"}}, {@code {"type": "mcp", "data": jsonrpc}}, {@code {"type": "close"}};
 * answers {@code {"type": "observation" | "state" | "mcp" | "error", "data": ...}}. A bad message gets
 * an error answer and the connection stays; when it closes, its episode is closed too. (Public only
 * because Jetty calls its listener methods through a public lookup.)
 */
public final class WsSession extends Session.Listener.AbstractAutoDemanding {
  private final Episodes episodes;
  private final Mcp mcp;
  private Episode episode;

  WsSession(Episodes episodes, Mcp mcp) {
    this.episodes = episodes;
    this.mcp = mcp;
  }

  @Override
  public void onWebSocketText(String text) {
    ObjectNode answer;
    try {
      answer = answer(text);
    } catch (BadRequest e) {
      answer = error(e.status() == 503 ? "CAPACITY_REACHED" : "VALIDATION_ERROR", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer = error("EXECUTION_ERROR", "the server is stopping");
    } catch (RuntimeException e) {
      answer = error("EXECUTION_ERROR", "the server failed on this message: " + e);
    }
    if (answer != null && isOpen()) {
      getSession().sendText(Json.write(answer), Callback.NOOP);
    }
  }

  private ObjectNode answer(String text) throws InterruptedException {
    JsonNode msg;
    try {
      msg = Json.parse(text);
    } catch (RuntimeException e) {
      return error("INVALID_JSON", "the message is not JSON: send {\"type\": \"reset\" | \"step\" | \"state\" | \"mcp\" | \"close\", \"data\": ...}");
    }
    String type = msg.path("type").asString("");
    JsonNode data = msg.get("data");
    return switch (type) {
      case "reset" -> {
        if (episode != null) {
          episode.close("the client reset its session");
        }
        ObjectNode answer = episodes.reset(data, false);
        episode = episodes.get(answer.get("observation").get("episode_id").asString());
        yield typed("observation", answer);
      }
      case "step" -> {
        Episode e = current();
        if (data != null && Actions.listsTools(data)) {
          yield typed("observation", Observations.toolList(e));
        }
        yield typed("observation", e.step(Actions.read(data, episodes.rollouts().tools())));
      }
      case "state" -> typed("state", current().state());
      case "mcp" -> {
        ObjectNode r = mcp.handle(data, id -> id != null ? episodes.get(id) : current());
        yield r == null ? null : typed("mcp", r);
      }
      case "close" -> {
        closeEpisode("the client closed its session");
        getSession().close();
        yield null;
      }
      default -> error("UNKNOWN_TYPE", "unknown message type `" + type + "`:"
          + io.envbook.util.Suggest.didYouMean(type, java.util.List.of("reset", "step", "state", "mcp", "close"))
          + " the types are reset, step, state, mcp and close");
    };
  }

  private Episode current() {
    if (episode == null) {
      throw BadRequest.invalid("this session has no episode yet: send {\"type\": \"reset\"} first");
    }
    return episode;
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason, Callback callback) {
    closeEpisode("the client's connection closed");
    super.onWebSocketClose(statusCode, reason, callback);
  }

  private void closeEpisode(String why) {
    if (episode != null) {
      episode.close(why);
      episode = null;
    }
  }

  private static ObjectNode typed(String type, JsonNode data) {
    ObjectNode o = Json.object().put("type", type);
    o.set("data", data);
    return o;
  }

  private static ObjectNode error(String code, String message) {
    ObjectNode o = Json.object().put("type", "error");
    o.putObject("data").put("message", message).put("code", code);
    return o;
  }
}

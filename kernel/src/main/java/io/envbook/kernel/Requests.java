package io.envbook.kernel;

import io.envbook.json.Json;
import io.envbook.kernel.display.Displays;
import io.envbook.kernel.protocol.Header;
import io.envbook.kernel.protocol.Msg;
import java.io.PrintStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers each request type. Shell requests other than execute are answered at once; executes run
 * one after another on the cell thread; control requests (interrupt, shutdown) are answered on the
 * control thread. Every shell request is wrapped in busy and idle statuses; its reply and its idle
 * status are handed over together, so the idle follows the reply at once.
 */
final class Requests {
  private final Evaluator evaluator;
  private final Publisher publisher;
  private final Header headers;
  private final BiConsumer<Msg, Msg> replyThenIdle;
  private final StdinChannel stdin;
  private final Runnable shutdown;
  private final PrintStream log;
  private final History history = new History();
  private final CellOutput output;
  private final ExecutorService cells = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "cell");
    t.setDaemon(true);
    return t;
  });
  private final io.envbook.kernel.comm.Comms comms;
  private volatile Thread cellThread;
  private int executionCount;

  Requests(Evaluator evaluator, Publisher publisher, Header headers, BiConsumer<Msg, Msg> replyThenIdle, StdinChannel stdin,
      Runnable shutdown, PrintStream log) {
    this.evaluator = evaluator;
    this.publisher = publisher;
    this.headers = headers;
    this.replyThenIdle = replyThenIdle;
    this.stdin = stdin;
    this.shutdown = shutdown;
    this.log = log;
    this.output = new CellOutput(publisher, log);
    CellContext.install(publisher, output);
    output.install();
    this.comms = new io.envbook.kernel.comm.Comms(publisher, log);
    comms.install();
  }

  Publisher publisher() {
    return publisher;
  }

  void shell(Msg m) {
    publisher.status(m.header(), "busy");
    if (m.type().equals("execute_request")) {
      cells.execute(() -> execute(m));
      return;
    }
    ObjectNode reply;
    try {
      reply = switch (m.type()) {
        case "kernel_info_request" -> KernelInfo.reply(evaluator);
        case "complete_request" -> Introspection.complete(evaluator, m.content());
        case "inspect_request" -> Introspection.inspect(evaluator, m.content());
        case "is_complete_request" -> Introspection.isComplete(evaluator, m.content());
        case "history_request" -> HistoryReply.of(history, m.content());
        case "comm_info_request" -> Json.object().put("status", "ok")
            .set("comms", comms.info(m.content().path("target_name").asString(null)));
        case "comm_open" -> {
          comms.opened(m.header(), m.content());
          yield null;
        }
        case "comm_msg" -> {
          comms.message(m.header(), m.content());
          yield null;
        }
        case "comm_close" -> {
          comms.closed(m.header(), m.content());
          yield null;
        }
        case "shutdown_request" -> shutdownReply(m);
        case "interrupt_request" -> interruptReply();
        default -> {
          log.println("envbook kernel: no handler for " + m.type());
          yield null;
        }
      };
    } catch (RuntimeException | Error e) { // e.g. a StackOverflowError while completing odd code
      log.println("envbook kernel: " + m.type() + " failed: " + e);
      reply = errorContent(e);
    }
    finish(m, replyType(m.type()), reply);
  }

  /** Sends the reply (if any) and then the idle status that ends the request. */
  private void finish(Msg m, String replyType, ObjectNode reply) {
    Msg idle = publisher.statusMessage(m.header(), "idle");
    if (reply == null) {
      publisher.send(idle);
    } else {
      replyThenIdle.accept(m.child(headers, replyType, reply), idle);
    }
  }

  Msg control(Msg m) {
    publisher.status(m.header(), "busy");
    try {
      ObjectNode reply = switch (m.type()) {
        case "interrupt_request" -> interruptReply();
        case "shutdown_request" -> shutdownReply(m);
        case "kernel_info_request" -> KernelInfo.reply(evaluator);
        default -> null;
      };
      return reply == null ? null : m.child(headers, replyType(m.type()), reply);
    } finally {
      publisher.status(m.header(), "idle");
    }
  }

  private ObjectNode interruptReply() {
    Thread t = cellThread;
    if (t != null) {
      evaluator.interrupt(t);
    }
    return Json.object().put("status", "ok");
  }

  private ObjectNode shutdownReply(Msg m) {
    shutdown.run();
    return Json.object().put("status", "ok").put("restart", m.content().path("restart").asBoolean(false));
  }

  private void execute(Msg m) {
    JsonNode c = m.content();
    String code = c.path("code").asString("");
    boolean silent = c.path("silent").asBoolean(false);
    boolean store = c.path("store_history").asBoolean(true) && !silent;
    int count = store ? ++executionCount : executionCount;
    cellThread = Thread.currentThread();
    Thread.interrupted(); // a late interrupt of the previous cell must not hit this one
    CellContext.enter(m.header());
    CellContext.input(m, c.path("allow_stdin").asBoolean(false), stdin);
    ObjectNode reply;
    String shown = null;
    try {
      if (!silent) {
        publisher.publish(m.header(), "execute_input", Json.object().put("code", code).put("execution_count", count));
      }
      Object value = evaluator.eval(code);
      ArrayNode payload = Json.array();
      if (value instanceof io.envbook.kernel.display.Page page) {
        ObjectNode p = payload.addObject().put("source", "page").put("start", 0);
        p.set("data", page.content().toJson());
        value = Evaluator.NO_RESULT;
      }
      if (!silent && value != Evaluator.NO_RESULT && value != null && !(value instanceof DisplayHandle)) {
        ObjectNode data = Displays.bundle(value);
        shown = data.path("text/plain").asString(null);
        ObjectNode result = Json.object().put("execution_count", count);
        result.set("data", data);
        result.set("metadata", Json.object());
        publisher.publish(m.header(), "execute_result", result);
      }
      reply = Json.object().put("status", "ok").put("execution_count", count);
      reply.set("payload", payload);
      reply.set("user_expressions", userExpressions(c.path("user_expressions")));
    } catch (Throwable t) {
      Evaluator.ErrorReport r = evaluator.describe(t);
      ArrayNode tb = Json.array();
      r.traceback().forEach(tb::add);
      if (!silent) {
        ObjectNode err = Json.object().put("ename", r.ename()).put("evalue", r.evalue());
        err.set("traceback", tb);
        publisher.publish(m.header(), "error", err);
      }
      reply = Json.object().put("status", "error").put("execution_count", count).put("ename", r.ename()).put("evalue", r.evalue());
      reply.set("traceback", tb.deepCopy());
    } finally {
      Thread.interrupted();
      cellThread = null;
      output.flush(m.header());
      CellContext.leave();
    }
    if (store) {
      history.add(count, code, shown);
    }
    finish(m, "execute_reply", reply);
  }

  private ObjectNode userExpressions(JsonNode expressions) {
    ObjectNode out = Json.object();
    expressions.properties().forEach(e -> {
      try {
        Object v = evaluator.eval(e.getValue().asString());
        ObjectNode r = Json.object().put("status", "ok");
        r.set("data", Displays.bundle(v == Evaluator.NO_RESULT ? null : v));
        r.set("metadata", Json.object());
        out.set(e.getKey(), r);
      } catch (Throwable t) {
        Evaluator.ErrorReport r = evaluator.describe(t);
        ObjectNode err = Json.object().put("status", "error").put("ename", r.ename()).put("evalue", r.evalue());
        err.set("traceback", Json.array());
        out.set(e.getKey(), err);
      }
    });
    return out;
  }

  private static String replyType(String requestType) {
    return requestType.endsWith("_request") ? requestType.replace("_request", "_reply") : requestType + "_reply";
  }

  private static ObjectNode errorContent(Throwable e) {
    ObjectNode o = Json.object().put("status", "error").put("ename", e.getClass().getSimpleName())
        .put("evalue", String.valueOf(e.getMessage()));
    o.set("traceback", Json.array());
    return o;
  }
}

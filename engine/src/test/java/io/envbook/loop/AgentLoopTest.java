package io.envbook.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.env.Limits;
import io.envbook.json.Json;
import io.envbook.model.ChatModel;
import io.envbook.model.ChatRequest;
import io.envbook.model.ChatResponse;
import io.envbook.model.Message;
import io.envbook.model.ModelException;
import io.envbook.model.ScriptedModel;
import io.envbook.model.ToolCall;
import io.envbook.model.ToolSchema;
import io.envbook.model.Usage;
import io.envbook.tools.Tool;
import io.envbook.tools.ToolException;
import io.envbook.tools.ToolRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AgentLoopTest {
  private static final Tool ADD = Tool.of(new ToolSchema("add", "Adds two integers", null),
      (args, ctx) -> String.valueOf(args.get("a").asInt() + args.get("b").asInt()));
  private static final List<Message> PROMPT = List.of(Message.system("You add."), Message.user("What is 2+3?"));

  private static Message call(String name, String args) {
    return Message.assistant("", List.of(new ToolCall("call_1", name, args)));
  }

  private static AgentResult run(ChatModel model, Tool... tools) {
    return AgentLoop.builder(model).tools(new ToolRegistry(List.of(tools))).build().run(PROMPT);
  }

  @Test
  void answerWithoutToolsFinishesNaturallyInOneTurn() {
    AgentResult r = run(ScriptedModel.turns(Message.assistant("5")), ADD);

    assertThat(r.stopReason()).isEqualTo(StopReason.NATURAL);
    assertThat(r.turnsUsed()).isEqualTo(1);
    assertThat(r.finalText()).isEqualTo("5");
    assertThat(r.messages()).hasSize(3);
  }

  @Test
  void toolResultIsAppendedAndTheLoopContinues() {
    AgentResult r = run(ScriptedModel.turns(call("add", "{\"a\":2,\"b\":3}"), Message.assistant("It is 5.")), ADD);

    assertThat(r.turnsUsed()).isEqualTo(2);
    Message tool = r.messages().get(3);
    assertThat(tool.role()).isEqualTo("tool");
    assertThat(tool.toolCallId()).isEqualTo("call_1");
    assertThat(tool.content()).isEqualTo("5");
    assertThat(r.toolErrors()).isEmpty();
  }

  @Test
  void unknownToolIsAnsweredToTheModelAndRecorded() {
    AgentResult r = run(ScriptedModel.turns(call("mul", "{}"), Message.assistant("ok")), ADD);

    assertThat(r.messages().get(3).content()).isEqualTo("{\"error\":\"Unknown tool 'mul'. Available tools: [add]\"}");
    assertThat(r.toolErrors()).singleElement().satisfies(e -> {
      assertThat(e.turn()).isEqualTo(1);
      assertThat(e.toolName()).isEqualTo("mul");
      assertThat(e.error()).isEqualTo("Unknown tool 'mul'. Available tools: [add]");
    });
  }

  @Test
  void malformedArgumentsAreAnsweredAndTheToolIsNotRun() {
    AtomicInteger runs = new AtomicInteger();
    Tool counting = Tool.of(new ToolSchema("add", "", null), (args, ctx) -> String.valueOf(runs.incrementAndGet()));

    AgentResult r = run(ScriptedModel.turns(call("add", "{\"a\": 2, \"b\":"), Message.assistant("sorry")), counting);

    assertThat(runs).hasValue(0);
    assertThat(Json.parse(r.messages().get(3).content()).get("error").asString())
        .startsWith("Invalid JSON in tool arguments: ").endsWith(". Please retry with valid JSON.");
    assertThat(r.toolErrors()).singleElement().satisfies(e -> assertThat(e.error()).startsWith("Invalid JSON: "));
  }

  @Test
  void argumentsThatAreNotAnObjectAreRefused() {
    AgentResult r = run(ScriptedModel.turns(call("add", "[1,2]"), Message.assistant("sorry")), ADD);

    assertThat(r.messages().get(3).content())
        .isEqualTo("{\"error\":\"Invalid JSON in tool arguments: expected an object, got ARRAY. Please retry with valid JSON.\"}");
  }

  @Test
  void toolExceptionMessageGoesBackToTheModel() {
    Tool failing = Tool.of(new ToolSchema("read", "", null), (args, ctx) -> {
      throw new ToolException("File not found: a.txt");
    });

    AgentResult r = run(ScriptedModel.turns(call("read", "{}"), Message.assistant("ok")), failing);

    assertThat(r.messages().get(3).content()).isEqualTo("{\"error\":\"File not found: a.txt\"}");
    assertThat(r.toolErrors()).singleElement().satisfies(e -> assertThat(e.error()).isEqualTo("File not found: a.txt"));
  }

  @Test
  void unexpectedToolCrashIsReportedWithItsType() {
    Tool failing = Tool.of(new ToolSchema("boom", "", null), (args, ctx) -> {
      throw new IllegalStateException("broken");
    });

    AgentResult r = run(ScriptedModel.turns(call("boom", "{}"), Message.assistant("ok")), failing);

    assertThat(r.messages().get(3).content()).isEqualTo("{\"error\":\"Tool execution failed: IllegalStateException: broken\"}");
  }

  @Test
  void resultReportingAnErrorWithNegativeExitCodeIsRecorded() {
    Tool t = Tool.of(new ToolSchema("terminal", "", null), (args, ctx) -> "{\"output\":\"\",\"exit_code\":-1,\"error\":\"sandbox gone\"}");

    AgentResult r = run(ScriptedModel.turns(call("terminal", "{}"), Message.assistant("ok")), t);

    assertThat(r.toolErrors()).singleElement().satisfies(e -> assertThat(e.error()).isEqualTo("sandbox gone"));
  }

  @Test
  void callsOfOneTurnRunAtTheSameTimeAndResultsKeepCallOrder() {
    CountDownLatch bothStarted = new CountDownLatch(2);
    Tool wait = Tool.of(new ToolSchema("wait", "", null), (args, ctx) -> {
      bothStarted.countDown();
      // Each call can only finish once the other one has started: sequential dispatch would time out here.
      return bothStarted.await(10, TimeUnit.SECONDS) ? args.get("id").asString() : "sequential";
    });
    Message twoCalls = Message.assistant("", List.of(
        new ToolCall("c1", "wait", "{\"id\":\"first\"}"), new ToolCall("c2", "wait", "{\"id\":\"second\"}")));

    AgentResult r = run(ScriptedModel.turns(twoCalls, Message.assistant("done")), wait);

    assertThat(r.messages().subList(3, 5)).extracting(Message::toolCallId, Message::content)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("c1", "first"), org.assertj.core.groups.Tuple.tuple("c2", "second"));
  }

  @Test
  void slowToolTimesOutAndTheModelIsTold() {
    Tool slow = Tool.of(new ToolSchema("slow", "", null), (args, ctx) -> {
      Thread.sleep(60_000);
      return "late";
    });
    Message two = Message.assistant("", List.of(new ToolCall("a", "slow", "{}"), new ToolCall("b", "slow", "{}")));

    AgentResult r = AgentLoop.builder(ScriptedModel.turns(two, Message.assistant("ok")))
        .tools(new ToolRegistry(List.of(slow)))
        .limits(Limits.DEFAULT.withToolTimeout(Duration.ofMillis(200)))
        .build().run(PROMPT);

    assertThat(r.messages().get(3).content()).isEqualTo("{\"error\":\"Tool 'slow' timed out after 200ms\"}");
    assertThat(r.toolErrors()).hasSize(2);
  }

  @Test
  void turnLimitStopsALoopThatNeverEnds() {
    ChatModel looping = ScriptedModel.policy(ctx -> call("add", "{\"a\":1,\"b\":1}"));

    AgentResult r = AgentLoop.builder(looping).tools(new ToolRegistry(List.of(ADD)))
        .limits(Limits.DEFAULT.withMaxTurns(4)).build().run(PROMPT);

    assertThat(r.stopReason()).isEqualTo(StopReason.MAX_TURNS);
    assertThat(r.turnsUsed()).isEqualTo(4);
    assertThat(r.finishedNaturally()).isFalse();
  }

  @Test
  void tokenLimitStopsAfterTheTurnThatCrossesIt() {
    ChatModel costly = new FixedUsageModel(call("add", "{\"a\":1,\"b\":1}"), new Usage(600, 100));

    AgentResult r = AgentLoop.builder(costly).tools(new ToolRegistry(List.of(ADD)))
        .limits(Limits.DEFAULT.withMaxTokens(1000)).build().run(PROMPT);

    assertThat(r.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(r.turnsUsed()).isEqualTo(2);
    assertThat(r.usage()).isEqualTo(new Usage(1200, 200));
    assertThat(r.messages().get(r.messages().size() - 1).role()).isEqualTo("tool");
  }

  @Test
  void wallTimeLimitStopsBeforeTheNextTurn() {
    Tool slowish = Tool.of(new ToolSchema("add", "", null), (args, ctx) -> {
      Thread.sleep(150);
      return "2";
    });
    ChatModel looping = ScriptedModel.policy(ctx -> call("add", "{}"));

    AgentResult r = AgentLoop.builder(looping).tools(new ToolRegistry(List.of(slowish)))
        .limits(Limits.DEFAULT.withWallTime(Duration.ofMillis(100))).build().run(PROMPT);

    assertThat(r.stopReason()).isEqualTo(StopReason.TIMEOUT);
    assertThat(r.turnsUsed()).isEqualTo(1);
  }

  @Test
  void modelFailureEndsTheLoopWithTheReason() {
    ChatModel failing = new ChatModel() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        throw new ModelException("the model server answered 500 five times");
      }

      @Override
      public String name() {
        return "failing";
      }
    };

    AgentResult r = run(failing, ADD);

    assertThat(r.stopReason()).isEqualTo(StopReason.MODEL_ERROR);
    assertThat(r.error()).isEqualTo("the model server answered 500 five times");
    assertThat(r.turnsUsed()).isEqualTo(1);
  }

  @Test
  void reasoningIsKeptPerTurnAndOnTheMessages() {
    Message thinking = call("add", "{\"a\":2,\"b\":3}").withReasoning("I should add.");

    AgentResult r = run(ScriptedModel.turns(thinking, Message.assistant("5")), ADD);

    assertThat(r.reasoningPerTurn()).containsExactly("I should add.", null);
    assertThat(r.messages().get(2).reasoning()).isEqualTo("I should add.");
  }

  @Test
  void toolOutputIsCappedWithANote() {
    Tool big = Tool.of(new ToolSchema("big", "", null), (args, ctx) -> "x".repeat(5000));

    AgentResult r = AgentLoop.builder(ScriptedModel.turns(call("big", "{}"), Message.assistant("ok")))
        .tools(new ToolRegistry(List.of(big)))
        .limits(Limits.DEFAULT.withMaxToolOutputChars(1000)).build().run(PROMPT);

    assertThat(r.messages().get(3).content()).isEqualTo("x".repeat(1000) + "\n[output truncated: 4000 more characters]");
  }

  @Test
  void theCallersPromptListIsNotChanged() {
    List<Message> prompt = new java.util.ArrayList<>(PROMPT);

    AgentLoop.builder(ScriptedModel.turns(Message.assistant("5"))).build().run(prompt);

    assertThat(prompt).hasSize(2);
  }

  /** Answers every turn with the same message and usage. */
  private record FixedUsageModel(Message answer, Usage usage) implements ChatModel {
    @Override
    public ChatResponse chat(ChatRequest request) {
      return new ChatResponse(answer, "tool_calls", usage);
    }

    @Override
    public String name() {
      return "fixed";
    }
  }


  @Test
  void callsInPlainTextAreRecoveredAndAMalformedOneIsToldToTheModelBesideTheGoodOne() {
    Message raw = Message.assistant("Adding.\n<tool_call>{\"name\":\"add\",\"arguments\":{\"a\":2,\"b\":3}}</tool_call>"
        + "<tool_call>{\"name\":\"add\",\"arguments\":{\"a\":</tool_call>");

    AgentResult r = AgentLoop.builder(ScriptedModel.turns(raw, Message.assistant("5")))
        .tools(new ToolRegistry(List.of(ADD))).fallbackParser(io.envbook.parsers.ToolCallParsers.get("hermes")).build().run(PROMPT);

    Message assistant = r.messages().get(2);
    assertThat(assistant.content()).isEqualTo("Adding.");
    assertThat(assistant.toolCalls()).singleElement().extracting(ToolCall::name).isEqualTo("add");
    assertThat(r.messages().get(3).content()).isEqualTo("5");
    assertThat(r.messages().get(4).role()).isEqualTo("user");
    assertThat(r.messages().get(4).content()).startsWith("{\"error\":\"Some of your tool calls could not be parsed: tool call 2 is not valid JSON: ");
    assertThat(r.toolErrors()).singleElement().satisfies(e -> assertThat(e.toolName()).isEqualTo("(unparsed)"));
  }
}

// Arithmetic with tools of your own: the schema of each tool comes from its closure's typed
// parameters. The reward has two weighted parts: the right number (0.8) and using the right tool (0.2).
environment('arithmetic') {
    dataset jsonl('data/problems.jsonl')
    system 'You are a careful calculator. Use a tool for every operation, then answer with the number only.'
    prompt { item -> "What is ${item.a} ${item.op == 'add' ? '+' : '*'} ${item.b}?" }
    tool('add', 'Add two integers') { long a, long b -> a + b }
    tool('multiply', 'Multiply two integers') { long a, long b -> a * b }
    limits { maxTurns 4 }
    group 2

    weights correct: 0.8, used_tool: 0.2
    reward { item, result ->
        parts correct: result.finalText().trim() == "${item.answer}",
              used_tool: result.toolCalls().any { it.name() == item.op }
    }

    // Atropos-style evaluation on held-out problems, two samples each: `envbook eval` adds these
    // metrics to its own, and `envbook serve --steps-per-eval N` runs it every N trainer steps.
    evaluate {
        def rs = rollouts('data/held_out.jsonl', 2)
        ['eval/held_out_percent_correct': passRate(rs), 'eval/held_out_mean_reward': meanReward(rs)]
    }

    // Sample 0 calls the tool and reports its result; sample 1 guesses in its head, off by one.
    model scripted {
        if (sample == 0) {
            turn == 0 ? tool(item.op, a: item.a, b: item.b) : say(lastToolResult)
        } else {
            say("${item.answer + 1}")
        }
    }
}

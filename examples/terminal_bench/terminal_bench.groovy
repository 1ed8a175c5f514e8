// TerminalBench-style tasks in a script, in envbook's own simpler layout: the task's files unpacked
// into the working directory, the instruction as the prompt, and after the agent the task's tests run
// in the same sandbox; the reward comes from logs/verifier/reward.txt, else the tests' exit code.
// Tasks as TerminalBench 2 and Harbor publish them (/app, /tests, /logs/verifier) run with the
// built-in instead:  ./envbook eval terminal-bench-2 --set dataset=examples/harbor --sandbox bubblewrap
//
//   ./envbook eval examples/terminal_bench --epochs 2
import io.envbook.envs.TerminalBench

environment('terminal-bench-2') {
    dataset jsonl('data/tasks.jsonl')
    prompt { item -> item.instruction }
    tools 'terminal', 'file'
    sandbox 'bubblewrap'
    limits { maxTurns 60; timeout '30m'; toolTimeout '300s' }
    group 1

    prepare { item, ctx -> TerminalBench.prepare(item, ctx) }
    reward { item, result, ctx -> TerminalBench.verify(item, ctx) }

    // The built-in scripted model solves both tasks on sample 0 and gives up on the others.
    model scripted {
        if (sample > 0 || turn > 1) return say('Done.')
        if (turn == 1) return tool('terminal', command: 'ls tests 2>/dev/null; echo checked')
        item.id == 'fix-greeting'
            ? tool('patch', path: 'greet.py', old_string: 'return "Hello " + name', new_string: 'return "Hello, " + name + "!"')
            : tool('terminal', command: "awk '{s += \$1} END {print s}' numbers.txt > total.txt")
    }
}

// TerminalBench 2, as Hermes ran it: the task's files unpacked into the sandbox, the instruction as
// the prompt, and after the agent the task's tests run in the same sandbox; the reward comes from
// logs/verifier/reward.txt, else the tests' exit code. Two small tasks in the real format ship in
// data/tasks.jsonl; the full benchmark loads with
//     dataset huggingface('NousResearch/terminal-bench-2', split: 'train')
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

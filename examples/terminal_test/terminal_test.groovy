// Hermes' TerminalTestEnv in the DSL: create a file with exact content; the reward reads it back
// through the rollout's own sandbox. 1.0 exact, 0.5 when the text is there among other text, else 0.
//
//   ./envbook run examples/terminal_test --model scripted
//   ./envbook run examples/terminal_test --model Qwen/Qwen3-8B --base-url http://localhost:8000/v1
environment('terminal-test') {
    dataset jsonl('data/file_tasks.jsonl')
    system 'You are a helpful assistant with terminal and file tools. Complete the task the user gives you, then say briefly what you did.'
    prompt { item -> "Create a file at ${item.path} containing exactly: ${item.content}" }
    tools 'terminal', 'file'
    limits { maxTurns 10; timeout '5m' }
    group 3

    reward { item, result, ctx ->
        def cat = ctx.terminal("cat ${item.path}")
        if (cat.exitCode() != 0) return 0
        def text = cat.output().strip()
        def expected = item.content.strip()
        text == expected ? 1.0 : text.contains(expected) ? 0.5 : 0.0
    }

    // The built-in offline model plays three agents: exact (sample 0), an extra line (1), wrong file (2).
    model scripted {
        if (turn > 0) return say('Done: the file is written.')
        def target = sample % 3 == 2 ? "${item.path}.bak" : item.path
        def extra = sample % 3 == 1 ? '\\nwritten by the scripted agent' : ''
        tool 'terminal', command: "printf '%s${extra}\\n' '${item.content}' > ${target}"
    }
}

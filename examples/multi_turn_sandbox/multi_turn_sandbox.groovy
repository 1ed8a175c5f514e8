// A multi-turn repair task: each rollout's sandbox starts with a buggy module and its test; the
// agent runs the test, patches the code, and runs it again. The reward runs the test in the same
// sandbox after the agent is done: 1.0 when it passes, 0.1 when the code changed but still fails.
environment('fix-the-bug') {
    dataset json('data/bugs.json')
    system 'You fix bugs. Run the test with the terminal, fix the code with the patch tool, run the test again.'
    prompt { item -> "The test ${item.test_file} fails. Fix ${item.module} so that it passes." }
    tools 'terminal', 'file'
    limits { maxTurns 8; toolTimeout '30s' }
    sandbox 'bubblewrap'          // no network, nothing writable outside the task; 'local' where bwrap is missing
    group 2

    prepare { item, ctx ->
        ctx.writeFile(item.module, item.code)
        ctx.writeFile(item.test_file, item.test)
    }

    reward { item, result, ctx ->
        if (ctx.terminal("python3 ${item.test_file}").exitCode() == 0) return 1.0
        ctx.readFile(item.module) != item.code ? 0.1 : 0.0
    }

    // Sample 0 applies the right fix, sample 1 a wrong one.
    model scripted {
        switch (turn) {
            case 0: return tool('terminal', command: "python3 ${item.test_file}")
            case 1: return tool('patch', path: item.module, old_string: item.bug,
                                new_string: sample == 0 ? item.fix : item.wrong_fix)
            case 2: return tool('terminal', command: "python3 ${item.test_file}")
            default: return say(lastToolResult?.contains('"exit_code":0') ? 'Fixed: the test passes.' : 'The test still fails.')
        }
    }
}

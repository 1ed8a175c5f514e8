// The soak: every fault at once. Item i shows fault CASES[i % CASES.size()]: the model server's faults
// (the last word of the prompt tells FaultyModelServer which), hanging and overflowing closures, and
// rewards outside 0 to 1. Run with SOAK_URL set to the server's base URL.
def CASES = ['ok', 'tool:sleepy', 'tool:spin', 'tool:deep', 'drip', 'endless', 'error500', 'reset', 'garbage',
             'prompt-hang', 'prepare-hang', 'reward-spin', 'reward-overflow', 'reward-infinite', 'reward-negative',
             'reward-nan', 'reward-assert']
def deep(int n) { deep(n + 1) + 1 }

environment('soak') {
    dataset((0..<125).collect { [case: CASES[it % CASES.size()]] })
    prompt { item ->
        if (item.case == 'prompt-hang') { Thread.sleep(1_000_000) }
        "Add 1 and 2. ${item.case}"
    }
    prepare { item, ctx -> if (item.case == 'prepare-hang') { Thread.sleep(1_000_000) } }
    tool('sleepy', 'Sleeps') { -> Thread.sleep(1_000_000); 'woke' }
    tool('spin', 'Spins') { -> while (true) {} }
    tool('deep', 'Recurses') { -> deep(0) }
    limits { maxTurns 3; toolTimeout '1s'; timeout '4s' }
    group 4
    model openai(baseUrl: env('SOAK_URL'), model: 'soak', maxRetries: 2, maxRequests: 500, maxResponseBytes: 256 * 1024)
    reward { item, result ->
        switch (item.case) {
            case 'reward-spin': while (true) {}
            case 'reward-overflow': return deep(0)
            case 'reward-infinite': return Double.POSITIVE_INFINITY
            case 'reward-negative': return -5
            case 'reward-nan': return Double.NaN
            case 'reward-assert': assert result.finalText() == 'something else'
            default: return result.finalText().contains('3') ? 1.0 : 0.0
        }
    }
}

"""Writes the teaching notebooks from the cells below and executes them, saving their outputs.

Run from the repository root after `./mvnw -q -DskipTests package && ./envbook kernel install --user`:
    /usr/bin/python3 notebooks/build_notebooks.py
The tests execute the saved notebooks again (kernel/src/test/python/run_notebooks.py).
"""
import os
import sys

import nbformat
from nbclient import NotebookClient

HERE = os.path.dirname(os.path.abspath(__file__))

REAL_SERVER = (
    "To use a real model instead of the built-in scripted one, pass a model served by any "
    "OpenAI-compatible server (vLLM, SGLang, llama.cpp, Ollama, OpenAI, OpenRouter): "
    "`model: openai(baseUrl: 'http://localhost:8000/v1', model: 'Qwen/Qwen3-8B', apiKey: env('OPENAI_API_KEY'))` "
    "in `run(...)`, or `model openai(...)` inside the environment."
)

CAPITALS = """def env = environment('capitals') {
    dataset([
        [id: 'fr', country: 'France', capital: 'Paris',   currency: 'euro',     category: 'europe'],
        [id: 'jp', country: 'Japan',  capital: 'Tokyo',   currency: 'yen',      category: 'asia'],
        [id: 'ke', country: 'Kenya',  capital: 'Nairobi', currency: 'shilling', category: 'africa'],
    ])
    system 'Answer in exactly this format: Capital: <city>; Currency: <currency>'
    prompt { item -> "What is the capital of ${item.country}, and what is its currency?" }
    group 3
    weights capital: 0.5, currency: 0.3, format: 0.2
    reward { item, result ->
        def text = result.finalText()
        parts capital:  text.toLowerCase().contains(item.capital.toLowerCase()),
              currency: text.toLowerCase().contains(item.currency.toLowerCase()),
              format:   text ==~ /Capital: .+; Currency: .+/
    }
    // The built-in scripted model plays three agents: right, right but in prose, wrong city.
    model scripted {
        switch (sample % 3) {
            case 0: return say("Capital: ${item.capital}; Currency: ${item.currency}")
            case 1: return say("The capital is ${item.capital} and people pay in ${item.currency}.")
            default: return say("Capital: Springfield; Currency: ${item.currency}")
        }
    }
}
env"""

NOTEBOOKS = {
    "01_quick_start.ipynb": ("envbook-groovy", [
        ("md", "# Quick start\n\nThis notebook declares an environment, runs rollouts on the built-in **scripted** model "
               "(offline, for teaching: its rewards test the environment, not a model), and looks at one transcript, "
               "the table of rollouts and the reward histogram.\n\n" + REAL_SERVER),
        ("md", "An environment is a dataset, a prompt, optional tools and a reward. Here the reward gives partial credit "
               "in three weighted parts. The cell's value shows the environment as a card."),
        ("code", CAPITALS),
        ("md", "`run` starts the rollouts (every one in its own sandbox), shows live progress, and writes them to a JSONL "
               "file. Started again on the same file it resumes. Its value is the table with reward statistics."),
        ("code", "def summary = run(env, items: 3, out: 'runs/quick_start.jsonl')\nsummary"),
        ("md", "One rollout as a transcript: the reward and its parts on top, then the conversation."),
        ("code", "summary.rollouts()[1]"),
        ("md", "The reward histogram: Vega-Lite where the front end draws it (JupyterLab, VS Code), a PNG image everywhere else "
               "(classic Notebook, GitHub, nbviewer, a notebook you downloaded and have not trusted)."),
        ("code", "histogram(summary)"),
    ]),
    "02_reward_prototyping.ipynb": ("envbook-groovy", [
        ("md", "# Reward prototyping\n\nWrite a reward, find a rollout it scores wrongly, fix the closure, and rescore the "
               "saved rollouts **without calling the model again**; then compare old and new rewards side by side.\n\n" + REAL_SERVER),
        ("code", """def strict = environment('yes-no') {
    dataset([[id: 'p7', q: 'Is 7 prime?', answer: 'yes'], [id: 'p8', q: 'Is 8 prime?', answer: 'no'], [id: 'p2', q: 'Is 2 prime?', answer: 'yes']])
    prompt { item -> item.q }
    group 2
    reward { item, result -> result.finalText() == item.answer }    // first try: exact match
    model scripted { sample == 0 ? say("The answer is ${item.answer}.") : say(item.answer.toUpperCase()) }
}
def first = run(strict, items: 3, out: 'runs/yes_no.jsonl')
first"""),
        ("md", "Every reward is 0, yet the answers are right. The transcript shows why: the model writes a sentence, or upper case."),
        ("code", "first.rollouts()[0]"),
        ("md", "The fix: compare case-insensitively and accept the answer inside a sentence. Only the reward changes."),
        ("code", """def fixed = environment('yes-no') {
    dataset([[id: 'p7', q: 'Is 7 prime?', answer: 'yes'], [id: 'p8', q: 'Is 8 prime?', answer: 'no'], [id: 'p2', q: 'Is 2 prime?', answer: 'yes']])
    prompt { item -> item.q }
    group 2
    reward { item, result -> result.finalText().toLowerCase().contains(item.answer) }
}
def saved = load('runs/yes_no.jsonl')
def rescored = rescore(fixed, saved)
rescored"""),
        ("md", "Old and new rewards side by side, per rollout: the rollouts whose reward changed come first, and the counts "
               "say how many went up or down."),
        ("code", "compare(saved, rescored)"),
    ]),
    "03_benchmark_run.ipynb": ("envbook-groovy", [
        ("md", "# A benchmark run\n\nSeveral samples per item, pass@k, mean reward with its standard error, a per-category "
               "breakdown, and the failures listed. The same numbers come from `envbook eval ENV --epochs 3`.\n\n" + REAL_SERVER),
        ("code", CAPITALS),
        ("code", "def bench = run(env, items: 3, group: 3, out: 'runs/bench.jsonl')\nbench"),
        ("md", "The benchmark numbers: mean reward ± its standard error over items (each item's samples averaged first, the same "
               "± as the run's table), pass@1 and pass@3 (a sample passes at reward 0.8 or more), and one row per category."),
        ("code", "BenchmarkMetrics.of(bench.rollouts(), [1, 3], 0.8d, BenchmarkMetrics.&categoryField)"),
        ("md", "Failed rollouts (a model server error, a reward that threw) are recorded with their reason and excluded from nothing: "
               "they are listed here, and `run` started again on the same file runs them again."),
        ("code", "def failed = bench.rollouts().findAll { !it.ok() }\nfailed ? failed : markdown('**No failures.**')"),
    ]),
    "04_sft_data.ipynb": ("envbook-groovy", [
        ("md", "# SFT data\n\nGenerate rollouts, keep the good ones, and export them as ShareGPT (Hermes' trajectory format) "
               "and OpenAI-messages JSONL.\n\n" + REAL_SERVER),
        ("code", CAPITALS),
        ("code", "def gen = run(env, items: 3, out: 'runs/sft_source.jsonl')\ngen"),
        ("md", "Keep rollouts with reward at least 0.8, the best one per item, each distinct conversation once:"),
        ("code", """import io.envbook.export.*
def filter = new SftFilter(0.8d, 1, true)
def n1 = SftExport.write(gen.rollouts(), filter, SftExport.Format.SHAREGPT, [], Path.of('runs/sft_sharegpt.jsonl'))
def n2 = SftExport.write(gen.rollouts(), filter, SftExport.Format.OPENAI, [], Path.of('runs/sft_openai.jsonl'))
markdown("wrote **${n1}** ShareGPT and **${n2}** OpenAI-messages records")"""),
        ("code", "Files.readAllLines(Path.of('runs/sft_sharegpt.jsonl'))[0]"),
    ]),
    "05_rl_handoff.ipynb": ("envbook-groovy", [
        ("md", "# RL hand-off\n\nGroups of rollouts with GRPO advantages, the token view of a rollout, and how `envbook serve` feeds an "
               "Atropos trainer.\n\n" + REAL_SERVER + " For training, use token mode: `--model tokens:Qwen/Qwen3-8B --base-url http://localhost:8000` "
               "(a vLLM server), which keeps each rollout's exact token ids, loss mask and logprobs."),
        ("code", CAPITALS),
        ("code", "def groups = run(env, items: 3, group: 3, out: 'runs/rl.jsonl')\ngroups"),
        ("md", "Each item's rollouts form a group. Its GRPO advantages are the rewards centred on the group mean and divided by the "
               "group's standard deviation; a group whose rewards are all equal teaches nothing, and `serve` does not send it."),
        ("code", """def rows = groups.groups().collect { g ->
    "<tr><td>${g.itemId()}</td><td>${g.scores()}</td><td>${g.advantages().collect { String.format('%.2f', it) }}</td><td>${g.scoresAllSame()}</td></tr>"
}
html("<table><tr><th>item</th><th>rewards</th><th>advantages</th><th>all equal</th></tr>${rows.join()}</table>")"""),
        ("md", "The token view: what the trainer receives for one group (Atropos' ScoredDataGroup). The scripted model has no token ids, so "
               "these are placeholders (UTF-8 bytes) and the group says so in `group_overrides`; in token mode they are the model's own ids, "
               "masked with -100 where the model did not write (prompt, tool results, template glue)."),
        ("code", """import io.envbook.atropos.ScoredDataGroups
def sdg = ScoredDataGroups.toJson(groups.groups()[0])
def ids = sdg.get('tokens').get(0)
def masks = sdg.get('masks').get(0)
def cells = (0..<Math.min(24, ids.size())).collect { i -> "<td>${ids.get(i)}<br><small>${masks.get(i)}</small></td>" }
html("<p>${sdg.get('group_overrides')}</p><p>first tokens (id, mask) of rollout 0 of ${ids.size()}:</p><table><tr>${cells.join()}</tr></table>")"""),
        ("md", "To feed a trainer: start Atropos' trajectory API (`run-api`) and its trainer, then\n\n"
               "```sh\n./envbook serve examples/arithmetic --api http://localhost:8000 --model tokens:Qwen/Qwen3-8B --base-url http://localhost:9000\n```\n\n"
               "`serve` registers (waiting until the trainer has started), reads the batch size from `/info`, and every 100 ms asks "
               "`/status-env`: while the queue holds fewer than `--max-batches-offpolicy` batches it runs up to `--max-workers` groups at "
               "once and posts each scored group (tokens, masks, scores, advantages, messages) to `/scored_data`. If the API goes down, "
               "scored groups wait and are sent once it is back; on Ctrl-C it sends what is scored and disconnects. "
               "`envbook process` writes the same groups to JSONL with an HTML report, for a look before training."),
    ]),
    "06_java_cells.ipynb": ("envbook-java", [
        ("md", "# The same environment from Java cells\n\nThe `envbook-java` kernel runs Java (JShell) in the kernel's JVM on the "
               "engine's Java API: values come back as live objects and render like in Groovy.\n\n" + REAL_SERVER.replace(
                   "`model: openai(", "`openai(\"http://localhost:8000/v1\", \"Qwen/Qwen3-8B\", System.getenv(\"OPENAI_API_KEY\"))` "
                   "instead of `scripted(env)` (or `model(env)`, the model the environment declares); in Groovy: `model: openai(")),
        ("code", 'var source = """\n' + CAPITALS.replace("def env = ", "").replace("\nenv", "") + '\n""";\n'
                 'var env = DslLoader.parse(source, "capitals.groovy", Path.of("."));\nenv'),
        ("code", 'var summary = run(env, scripted(env), 3, null, "runs/java.jsonl");\nsummary'),
        ("code", "summary.rollouts().get(0)"),
        ("code", 'summary.groups().get(0).advantages()'),
    ]),
    "07_judge_and_cache.ipynb": ("envbook-groovy", [
        ("md", "# An LLM judge and a cached re-run\n\nThe reward asks a **judge** model whether the answer is right; the judge "
               "answers the JSON `{reasoning, verdict, score}`, and its verdict, reasoning and tokens are kept in the rollout. "
               "Every model call goes through the **model-call cache**, so running the cell again answers from disk without "
               "calling any model. Both models here are built in and offline (a scripted agent, a scripted judge); with a "
               "real judge, declare `judge openai(baseUrl: 'http://localhost:8000/v1', model: 'Qwen/Qwen3-8B')` instead.\n\n" + REAL_SERVER),
        ("code", """new File('runs/judge-cache').deleteDir()    // start with an empty cache, for this demo

def env = environment('capitals-judged') {
    dataset([
        [id: 'fr', country: 'France', capital: 'Paris'],
        [id: 'jp', country: 'Japan',  capital: 'Tokyo'],
        [id: 'ke', country: 'Kenya',  capital: 'Nairobi'],
    ])
    prompt { item -> "What is the capital of ${item.country}?" }
    group 2
    // the built-in offline judge: it sees the question, the answer, the rubric and the context fields
    judge scriptedJudge { s ->
        s.answer.contains(s.reference) ? [score: 1, verdict: 'correct', reasoning: "names ${s.reference}"]
                                       : [score: 0, verdict: 'incorrect', reasoning: "does not name ${s.reference}"]
    }
    reward { item, result -> judge('1 if the answer names the capital, else 0', context: [reference: item.capital]) }
    model scripted { sample == 0 ? say("It is ${item.capital}.") : say('I would guess Springfield.') }
}
env"""),
        ("md", "A run with the cache on (`cache: true`; `cacheDir:` keeps it beside the notebook here) and a seed. The table "
               "counts tokens by role: the agent's and the judge's."),
        ("code", "def first = run(env, items: 3, seed: 7, cache: true, cacheDir: 'runs/judge-cache')\nfirst"),
        ("md", "One rollout: the judge's verdict, its tokens and its reasoning sit under the reward."),
        ("code", "first.rollouts()[1]"),
        ("md", "The same cell again: every call, the agent's and the judge's, is answered from the cache (`6 hits, 0 misses` each), "
               "and the rewards are the same."),
        ("code", "def again = run(env, items: 3, seed: 7, cache: true, cacheDir: 'runs/judge-cache')\n"
                 "assert again.rollouts()*.score() == first.rollouts()*.score()\nagain"),
        ("md", "Change the prompt and the cache misses, and says why: the first miss names the message that changed."),
        ("code", """def reworded = environment('capitals-judged') {
    dataset([[id: 'fr', country: 'France', capital: 'Paris']])
    prompt { item -> "Name the capital city of ${item.country}." }
    judge scriptedJudge { s -> s.answer.contains('Paris') }
    reward { item, result -> judge('names Paris') }
    model scripted { say("It is ${item.capital}.") }
}
run(reworded, items: 1, seed: 7, cache: true, cacheDir: 'runs/judge-cache')"""),
    ]),
}


def build(name, kernel, cells, workdir):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": "envbook (Groovy)" if "groovy" in kernel else "envbook (Java)",
                                 "language": "groovy" if "groovy" in kernel else "java"}
    for kind, text in cells:
        nb.cells.append(nbformat.v4.new_markdown_cell(text) if kind == "md" else nbformat.v4.new_code_cell(text))
    NotebookClient(nb, timeout=300, kernel_name=kernel, resources={"metadata": {"path": workdir}}).execute()
    nbformat.write(nb, os.path.join(HERE, name))
    print("wrote", name)


if __name__ == "__main__":
    import tempfile
    work = tempfile.mkdtemp(prefix="envbook-notebooks-")
    for name, (kernel, cells) in NOTEBOOKS.items():
        if len(sys.argv) > 1 and name not in sys.argv[1:]:
            continue
        build(name, kernel, cells, work)

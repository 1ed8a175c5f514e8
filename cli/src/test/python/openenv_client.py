"""A client of OpenEnv's environment protocol, for envbook's env-server tests.

Written against OpenEnv's HTTP endpoints (POST /reset, POST /step, GET /state, GET /health,
POST /mcp) and its WebSocket session messages ({"type": "reset" | "step" | "state" | "close",
"data": ...} answered by {"type": "observation" | "state" | "error", "data": ...}), with Debian's
python3-requests and python3-websockets.

  replay URL ROLLOUTS N   run N episodes at once, half over HTTP and half over WebSocket, each
                          replaying the assistant turns of a recorded rollout (in turn), and print
                          one JSON line: how many ended with the recorded reward, and any that did not
  abuse URL               send malformed requests and print one JSON line with what each got back
"""

import asyncio
import json
import sys

import requests
import websockets


def recorded(path):
    rollouts = []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if "messages" in r and "item_id" in r:
                rollouts.append(r)
    return rollouts


def turns(rollout):
    return [m for m in rollout["messages"] if m["role"] == "assistant"]


def http_episode(base, rollout):
    reset = requests.post(base + "/reset", json={"item_id": rollout["item_id"]}, timeout=60)
    reset.raise_for_status()
    episode = reset.json()["observation"]["episode_id"]
    for message in turns(rollout):
        step = requests.post(base + "/step", json={"action": {"message": message}, "episode_id": episode}, timeout=120)
        step.raise_for_status()
        answer = step.json()
        if answer["done"]:
            return answer["reward"]
    return None


async def ws_episode(base, rollout):
    async with websockets.connect(base.replace("http", "ws", 1) + "/ws", max_size=None) as ws:
        await ws.send(json.dumps({"type": "reset", "data": {"item_id": rollout["item_id"]}}))
        answer = json.loads(await ws.recv())
        if answer["type"] != "observation":
            raise RuntimeError(f"reset answered {answer}")
        reward = None
        for message in turns(rollout):
            await ws.send(json.dumps({"type": "step", "data": {"message": message}}))
            answer = json.loads(await ws.recv())
            if answer["type"] != "observation":
                raise RuntimeError(f"step answered {answer}")
            if answer["data"]["done"]:
                reward = answer["data"]["reward"]
                break
        await ws.send(json.dumps({"type": "close"}))
        return reward


async def replay(base, path, n):
    rollouts = recorded(path)
    loop = asyncio.get_running_loop()

    async def one(k):
        rollout = rollouts[k % len(rollouts)]
        if k % 2 == 0:
            got = await loop.run_in_executor(None, http_episode, base, rollout)
            transport = "http"
        else:
            got = await ws_episode(base, rollout)
            transport = "ws"
        return {"episode": k, "transport": transport, "item_id": rollout["item_id"], "sample": rollout["sample"],
                "recorded": rollout["reward"], "got": got}

    from concurrent.futures import ThreadPoolExecutor
    loop.set_default_executor(ThreadPoolExecutor(max_workers=n))
    results = await asyncio.gather(*(one(k) for k in range(n)), return_exceptions=True)
    failed = [repr(r) for r in results if isinstance(r, BaseException)]
    done = [r for r in results if not isinstance(r, BaseException)]
    mismatched = [r for r in done if r["got"] != r["recorded"]]
    return {"episodes": n, "matched": len(done) - len(mismatched), "mismatched": mismatched, "failed": failed,
            "rewards": sorted({r["recorded"] for r in done})}


async def abuse(base):
    out = {}

    def status(r):
        return {"status": r.status_code, "detail": r.json().get("detail") if r.headers.get("content-type", "").startswith("application/json") else r.text}

    out["not_json"] = status(requests.post(base + "/step", data="{not json", timeout=10))
    out["no_action"] = status(requests.post(base + "/step", json={"episode_id": "x"}, timeout=10))
    out["unknown_episode"] = status(requests.post(base + "/step", json={"action": {"content": "hi"}, "episode_id": "nope"}, timeout=10))
    out["unknown_reset_field"] = status(requests.post(base + "/reset", json={"seeed": 3}, timeout=10))
    opened = requests.post(base + "/reset", json={"seed": 1}, timeout=60).json()["observation"]["episode_id"]
    out["unknown_tool"] = status(requests.post(base + "/step", json={"action": {"tool_calls": [{"name": "termnal", "arguments": {}}]},
                                                                     "episode_id": opened}, timeout=10))
    out["arguments_not_object"] = status(requests.post(base + "/step", json={"action": {"tool_calls": [{"name": "terminal", "arguments": "[1]"}]},
                                                                             "episode_id": opened}, timeout=10))
    out["bad_action_field"] = status(requests.post(base + "/step", json={"action": {"contnet": "x"}, "episode_id": opened}, timeout=10))
    out["unknown_path"] = status(requests.get(base + "/nothing", timeout=10))
    failing = requests.post(base + "/step", json={"action": {"tool_calls": [{"name": "read_file", "arguments": {"path": "no/such/file"}}]},
                                                  "episode_id": opened}, timeout=60)
    out["tool_failure"] = {"status": failing.status_code, "done": failing.json()["done"],
                           "result": failing.json()["observation"]["tool_results"][0]["content"]}
    mcp = requests.post(base + "/mcp", json={"jsonrpc": "2.0", "id": 7, "method": "tools/call",
                                             "params": {"name": "terminal", "arguments": {"command": "echo via mcp"}, "episode_id": opened}},
                        timeout=60).json()
    out["mcp_call"] = mcp["result"]["content"][0]["text"]
    out["mcp_unknown_method"] = requests.post(base + "/mcp", json={"jsonrpc": "2.0", "id": 8, "method": "tools/lst"}, timeout=10).json()["error"]
    out["state"] = requests.get(base + "/state", params={"episode_id": opened}, timeout=10).json()
    async with websockets.connect(base.replace("http", "ws", 1) + "/ws") as ws:
        await ws.send("{not json")
        out["ws_not_json"] = json.loads(await ws.recv())["data"]
        await ws.send(json.dumps({"type": "stpe", "data": {}}))
        out["ws_unknown_type"] = json.loads(await ws.recv())["data"]
        await ws.send(json.dumps({"type": "step", "data": {"content": "hi"}}))
        out["ws_step_before_reset"] = json.loads(await ws.recv())["data"]
        await ws.send(json.dumps({"type": "reset", "data": {"item_index": 0}}))
        out["ws_reset_after_errors"] = json.loads(await ws.recv())["type"]
    out["health"] = requests.get(base + "/health", timeout=10).json()
    return out


def main():
    command, base = sys.argv[1], sys.argv[2].rstrip("/")
    if command == "replay":
        result = asyncio.run(replay(base, sys.argv[3], int(sys.argv[4])))
    else:
        result = asyncio.run(abuse(base))
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""A trajectory API for envbook's serve tests, written to behave as Atropos' run-api does.

Served by Debian's uvicorn (h11), so the HTTP side is the real one: HTTP/1.1 only, an h2c upgrade
answered 400, a GET with a JSON body read as the body. The endpoints keep the trajectory API's
state rules as envbook's tests rely on them, written down from Atropos' atroposlib/api/server.py:

- /register (the trainer) starts the state, but only if no queue exists yet: a /scored_data that
  arrives before the trainer registered creates the queue, and the trainer's registration then
  never takes (the real server's state is broken from there on).
- /register-env answers "wait for trainer to start" until the trainer's first /batch.
- /status-env answers 500 while the state or the env id is unknown (after a restart).
- queue_size and self_queue_size count groups of the asking environment's group size, with other
  environments' sequences packed into groups of the largest group size, less their minimums.
- /scored_data with a group whose size is not the environment's goes to a per-environment buffer
  until buffered groups add up to it.
- /batch forms every batch of exactly batch_size sequences it can (whole groups, in queue order),
  counts them all as trainer steps at once, and hands out the last formed first, or null.

Request bodies sent with Content-Encoding: gzip are unpacked first, as the real server's middleware
does. Not modelled: wandb, checkpoints, gzip responses, minimum-allocation batch packing (batches
are taken in queue order). Test hooks, beside the real endpoints: POST /_test/reject with a count
makes the next /scored_data posts answer 422 as FastAPI does for a body it cannot validate;
POST /_test/delay holds every /scored_data answer that many seconds; GET /_test/log lists every
/scored_data post received (in order, each with its received_at), every /disconnect-env and
how many request bodies came gzipped.

Run: python3 -m uvicorn trajectory_api:app --app-dir DIR --port PORT
"""

import gzip
import math
import time
from typing import Any, Dict, List, Optional

from fastapi import Body, FastAPI
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel

app = FastAPI(title="envbook test trajectory API")


class GzipRequests:
    """Unpacks a gzip request body before the app reads it."""

    def __init__(self, app):
        self.inner = app

    async def __call__(self, scope, receive, send):
        headers = dict(scope.get("headers") or [])
        if scope["type"] != "http" or b"gzip" not in headers.get(b"content-encoding", b"").lower():
            await self.inner(scope, receive, send)
            return
        chunks, more = [], True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        state.gzipped += 1
        try:
            body = gzip.decompress(b"".join(chunks))
        except OSError:
            await send({"type": "http.response.start", "status": 400, "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b"Invalid gzip payload"})
            return
        scope = dict(scope)
        scope["headers"] = [(k, v) for k, v in scope["headers"] if k not in (b"content-encoding", b"content-length")]
        scope["headers"].append((b"content-length", str(len(body)).encode()))
        given = False

        async def unpacked():
            nonlocal given
            if given:
                return {"type": "http.request", "body": b"", "more_body": False}
            given = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.inner(scope, unpacked, send)


app.add_middleware(GzipRequests)


class TrainerRegistration(BaseModel):
    wandb_group: str
    wandb_project: str
    batch_size: int
    max_token_len: int
    checkpoint_dir: str
    save_checkpoint_interval: int
    starting_step: int
    num_steps: int


class EnvRegistration(BaseModel):
    max_token_length: int
    desired_name: str
    weight: float
    group_size: int
    min_batch_allocation: Optional[float] = None


class EnvId(BaseModel):
    env_id: int


class Group(BaseModel):
    tokens: List[List[int]]
    masks: List[List[int]]
    scores: List[float]
    advantages: Optional[List[List[float]]] = None
    ref_logprobs: Optional[List[List[float]]] = None
    messages: Optional[List[List[Dict[str, Any]]]] = None
    generation_params: Optional[Dict[str, Any]] = None
    inference_logprobs: Optional[List[List[float]]] = None
    overrides: Optional[List[dict]] = None
    group_overrides: Optional[dict] = None
    images: Optional[Any] = None
    env_id: Optional[int] = None
    distill_token_ids: Optional[List[List[List[int]]]] = None
    distill_logprobs: Optional[List[List[List[float]]]] = None


class State:
    def __init__(self):
        self.queue = None  # created by the trainer's registration, or by an early /scored_data
        self.trainer = None
        self.started = False
        self.envs = []
        self.buffer = {}
        self.step = 0
        self.ready_batches = []
        self.rejects_left = 0
        self.delay = 0.0
        self.posts = []
        self.disconnects = []
        self.gzipped = 0


state = State()


def keep(group: Dict[str, Any]):
    if state.queue is None:
        state.queue = []
    env_id = group.get("env_id")
    if env_id is not None and env_id < len(state.envs):
        wanted = state.envs[env_id]["group_size"]
        if len(group["tokens"]) != wanted:
            waiting = state.buffer.setdefault(env_id, [])
            waiting.append(group)
            if sum(len(g["tokens"]) for g in waiting) == wanted:
                state.queue.extend(waiting)
                state.buffer[env_id] = []
            return {"status": "buffered", "buffer_size": sum(len(g["tokens"]) for g in state.buffer[env_id])}
    state.queue.append(group)
    return {"status": "received"}


@app.post("/register")
def register(r: TrainerRegistration):
    if state.queue is None:
        state.queue = []
        state.trainer = r
        state.step = r.starting_step
        state.started = False
        state.envs = []
        state.buffer = {}
    return {"uuid": int(time.time() * 1000)}


@app.post("/register-env")
def register_env(r: EnvRegistration):
    if not state.started:
        return {"status": "wait for trainer to start"}
    same_name = sum(1 for e in state.envs if e["desired_name"] == r.desired_name)
    env_id = len(state.envs)
    state.envs.append({
        "max_context_len": r.max_token_length, "weight": r.weight, "desired_name": r.desired_name,
        "connected": True, "min_batch_allocation": r.min_batch_allocation, "group_size": r.group_size,
    })
    return {
        "status": "success", "env_id": env_id, "wandb_name": f"{r.desired_name}_{same_name}",
        "checkpoint_dir": state.trainer.checkpoint_dir, "starting_step": state.step,
        "checkpoint_interval": state.trainer.save_checkpoint_interval, "num_steps": state.trainer.num_steps,
    }


@app.post("/disconnect-env")
def disconnect_env(r: EnvId):
    if r.env_id >= len(state.envs):
        return {"status": "failure", "error": "list index out of range"}
    state.envs[r.env_id]["connected"] = False
    state.disconnects.append(r.env_id)
    return {"status": "success"}


@app.get("/info")
def info():
    if state.trainer is None:
        return {"batch_size": -1, "max_token_len": -1}
    return {"batch_size": state.trainer.batch_size, "max_token_len": state.trainer.max_token_len}


@app.get("/status")
def status():
    return {"current_step": state.step, "queue_size": len(state.queue or [])}


@app.get("/status-env")
def status_env(r: EnvId):
    if state.trainer is None or r.env_id >= len(state.envs):
        return PlainTextResponse("Internal Server Error", status_code=500)  # the real server raises here
    me = state.envs[r.env_id]
    connected = [e for e in state.envs if e["connected"]]
    total = sum(e["max_context_len"] * max(0.0, e["weight"]) for e in connected)
    if total == 0:
        return PlainTextResponse("Internal Server Error", status_code=500)  # a division by zero there
    env_weight = max(0.01, me["max_context_len"] * me["weight"] / total)
    claimed = sum(e["min_batch_allocation"] for e in connected if e["min_batch_allocation"] is not None)
    queue = state.queue or []
    largest = max([1] + [len(g["tokens"]) for g in queue])
    mine = sum(len(g["tokens"]) for g in queue if g.get("env_id") == r.env_id)
    group_size = max([me["group_size"]] + [len(g["tokens"]) for g in queue if g.get("env_id") == r.env_id])
    me["group_size"] = group_size
    others: Dict[Any, int] = {}
    for g in queue:
        if g.get("env_id") != r.env_id:
            others[g.get("env_id")] = others.get(g.get("env_id"), 0) + len(g["tokens"])
    from_others = 0
    if largest > 1:
        for env_id, sequences in others.items():
            packed = math.ceil(sequences / largest) * largest
            minimum = 0
            if env_id is not None and env_id < len(state.envs):
                e = state.envs[env_id]
                if e["connected"] and e["min_batch_allocation"] is not None:
                    minimum = int(state.trainer.batch_size * e["min_batch_allocation"])
            from_others += max(0, packed - minimum)
    return {
        "current_step": state.step,
        "queue_size": (mine + from_others) // group_size,
        "unallocated_fraction": 1.0 - min(claimed, 1.0),
        "self_queue_size": mine // group_size,
        "max_group_size": largest,
        "env_weight": env_weight,
    }


@app.post("/scored_data")
def scored_data(group: Group):
    state.posts.append({**group.dict(), "received_at": time.time()})
    if state.delay > 0:
        time.sleep(state.delay)  # a sync endpoint: uvicorn runs it on a worker thread
    if state.rejects_left > 0:
        state.rejects_left -= 1
        return JSONResponse({"detail": [{"loc": ["body", "tokens"], "msg": "rejected by the test", "type": "value_error"}]},
                            status_code=422)
    return keep(group.dict())


@app.post("/scored_data_list")
def scored_data_list(groups: List[Group]):
    for g in groups:
        state.posts.append(g.dict())
        keep(g.dict())
    return {"status": "received", "groups_processed": len(groups)}


@app.get("/batch")
def batch():
    if state.trainer is None:
        return {"status": "error", "message": "Trainer not registered. Call /register first.", "batch": []}
    state.started = True
    if state.ready_batches:
        return {"batch": state.ready_batches.pop()}
    while True:
        taken, count = [], 0
        for g in state.queue:
            if count + len(g["tokens"]) <= state.trainer.batch_size:
                taken.append(g)
                count += len(g["tokens"])
            if count == state.trainer.batch_size:
                break
        if count != state.trainer.batch_size:
            break
        state.queue = [g for g in state.queue if all(g is not t for t in taken)]
        state.ready_batches.append(taken)
    if not state.ready_batches:
        return {"batch": None}
    state.step += len(state.ready_batches)
    return {"batch": state.ready_batches.pop()}


@app.post("/_test/reject")
def reject(count: int = Body(..., embed=True)):
    state.rejects_left = count
    return {"status": "ok"}


@app.post("/_test/delay")
def delay(seconds: float = Body(..., embed=True)):
    state.delay = seconds
    return {"status": "ok"}


@app.get("/_test/log")
def log():
    return {"posts": state.posts, "disconnects": state.disconnects, "gzipped": state.gzipped}

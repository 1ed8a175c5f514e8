"""Kernel benchmark with a real Jupyter client: start-up, trivial-cell round trip, printing 100,000 lines,
interrupt; for envbook-groovy, envbook-java and Debian's python3 (ipykernel) in the same run.

The trivial cell is measured twice: the same cell `1` run again and again (what re-running a cell
costs; a kernel may reuse what it compiled), and a new cell every time (`1 + n` with n counting up),
which every kernel has to compile afresh. Start-up is measured after one earlier session of the
same kernel (see first_session).

    ./envbook kernel install --user && /usr/bin/python3 bench/python/bench_kernels.py
"""
import statistics
import sys
import threading
import time

from jupyter_client.manager import KernelManager

CASES = {
    "envbook-groovy": {"trivial": "1", "print": "for (int i = 0; i < 100000; i++) { println i }", "loop": "while (true) {}"},
    "envbook-java": {"trivial": "1", "print": "for (int i = 0; i < 100000; i++) { System.out.println(i); }", "loop": "while (true) {}"},
    "python3": {"trivial": "1", "print": "for i in range(100000):\n    print(i)", "loop": "while True:\n    pass"},
}


def wait_idle(kc, msg_id, timeout=120):
    reply = None
    while reply is None:
        m = kc.get_shell_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") == msg_id:
            reply = m
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return reply


def first_session(name):
    """A kernel started and shut down once, as after a user's first session: the envbook kernels write
    their class data archive when the first one exits, and every later start uses it."""
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    kc.stop_channels()
    km.shutdown_kernel(now=False)


def bench(name, code):
    first_session(name)
    t0 = time.perf_counter()
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    startup = time.perf_counter() - t0
    for _ in range(20):
        wait_idle(kc, kc.execute(code["trivial"]))
    rtts = []
    for _ in range(200):
        t = time.perf_counter()
        wait_idle(kc, kc.execute(code["trivial"]))
        rtts.append((time.perf_counter() - t) * 1000)
    for _ in range(1000):  # a long session: does a cell get slower as the session grows?
        wait_idle(kc, kc.execute(code["trivial"]))
    fresh = []
    for i in range(200):
        t = time.perf_counter()
        wait_idle(kc, kc.execute("1 + %d" % i))
        fresh.append((time.perf_counter() - t) * 1000)
    late = []
    for _ in range(100):
        t = time.perf_counter()
        wait_idle(kc, kc.execute(code["trivial"]))
        late.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    wait_idle(kc, kc.execute(code["print"]), timeout=300)
    printing = time.perf_counter() - t
    msg_id = kc.execute(code["loop"])
    time.sleep(1.0)
    t = time.perf_counter()
    km.interrupt_kernel()
    reply = wait_idle(kc, msg_id)
    interrupt = time.perf_counter() - t
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    q = statistics.quantiles(rtts, n=10)
    qf = statistics.quantiles(fresh, n=10)
    return (startup, statistics.median(rtts), q[8], statistics.median(fresh), qf[8], statistics.median(late), printing, interrupt,
            reply["content"]["status"])


if __name__ == "__main__":
    names = sys.argv[1:] or list(CASES)
    print("| kernel | start-up to ready | same cell p50 | p90 | new cell p50 | p90 | same cell p50 after 1,400 cells "
          "| print 100,000 lines | interrupt | status after interrupt |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n in names:
        s, p50, p90, f50, f90, late, pr, it, st = bench(n, CASES[n])
        print("| %s | %.2f s | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f s | %.3f s | %s |"
              % (n, s, p50, p90, f50, f90, late, pr, it, st))

"""Kernel benchmark with a real Jupyter client: start-up, trivial-cell round trip, printing 100,000 lines,
interrupt; for envbook-groovy, envbook-java and Debian's python3 (ipykernel) in the same run.

--first-cells measures what a user's session is made of, its first cells: for each kernel, in rounds
(kernels interleaved in each round), a fresh kernel per cell kind, 10 warm-up cells of that kind, then
cells 11 to 70 timed; the kinds are the same cell again, a new cell (`1 + n`) and three declaring
cells, each declaring a new name every time: a method, a class, an import. Reports p50 / p90 (ms) of each kind over all rounds, the median start-up to ready,
and the kernel process's resident memory after its 70 cells (VmRSS, highest of the kinds).

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

# Declaring cells, a new name each time: a method, a class, an import.
DECLARING = {
    "method": {
        "envbook-groovy": "def twiceN%d(x) { 2 * x + 1 }",
        "envbook-java": "int twiceN%d(int x) { return 2 * x + 1; }",
        "python3": "def twice_n%d(x):\n    return 2 * x + 1",
    },
    "class": {
        "envbook-groovy": "class Point%d { int x; int y; int sum() { x + y } }",
        "envbook-java": "class Point%d { int x; int y; int sum() { return x + y; } }",
        "python3": "class Point%d:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n    def sum(self):\n        return self.x + self.y",
    },
    # 70 different imports: aliases of one class where the language has them, else classes of java.util
    "import": {
        "envbook-groovy": "import java.util.ArrayList as List%d",
        "envbook-java": None,  # filled below from JAVA_UTIL
        "python3": "import collections as collections%d",
    },
}
JAVA_UTIL = ["AbstractCollection", "AbstractList", "AbstractMap", "AbstractQueue", "AbstractSequentialList", "AbstractSet",
             "ArrayDeque", "ArrayList", "Arrays", "Base64", "BitSet", "Calendar", "Collections", "Currency", "Date",
             "Dictionary", "DoubleSummaryStatistics", "EnumMap", "EnumSet", "EventListenerProxy", "EventObject",
             "FormattableFlags", "Formatter", "GregorianCalendar", "HashMap", "HashSet", "Hashtable", "HexFormat",
             "IdentityHashMap", "IntSummaryStatistics", "LinkedHashMap", "LinkedHashSet", "LinkedList", "ListResourceBundle",
             "Locale", "LongSummaryStatistics", "Objects", "Optional", "OptionalDouble", "OptionalInt", "OptionalLong",
             "PriorityQueue", "Properties", "PropertyPermission", "PropertyResourceBundle", "Random", "ResourceBundle",
             "Scanner", "ServiceLoader", "SimpleTimeZone", "Spliterators", "SplittableRandom", "Stack", "StringJoiner",
             "StringTokenizer", "Timer", "TimerTask", "TimeZone", "TreeMap", "TreeSet", "UUID", "Vector", "WeakHashMap",
             "concurrent.ConcurrentHashMap", "concurrent.ConcurrentLinkedQueue", "concurrent.CopyOnWriteArrayList",
             "concurrent.CountDownLatch", "concurrent.Executors", "concurrent.Semaphore", "concurrent.TimeUnit"]
KINDS = ["same", "new", "method", "class", "import"]

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


def rss_mb(km):
    """The kernel process's resident set, from /proc (jupyter_client 7's local provisioner keeps the process)."""
    pid = km.provisioner.process.pid
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def first_cells_of(name, kind):
    """A fresh kernel: 10 warm-up cells of one kind, then cells 11 to 70 of it timed; start-up and RSS."""
    t0 = time.perf_counter()
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    startup = time.perf_counter() - t0
    language = name.split("@")[0]  # "envbook-java@variant": a variant kernelspec, for A/B runs
    if kind in ("same", "new"):
        cell = {"same": lambda i: CASES[language]["trivial"], "new": lambda i: "1 + %d" % i}[kind]
    elif kind == "import" and language == "envbook-java":
        cell = lambda i: "import java.util.%s;" % JAVA_UTIL[i]
    else:
        cell = lambda i: DECLARING[kind][language] % i
    times = []
    for i in range(70):
        t = time.perf_counter()
        reply = wait_idle(kc, kc.execute(cell(i)))
        if reply["content"]["status"] != "ok":
            raise RuntimeError("%s %s cell %d failed: %s" % (name, kind, i, reply["content"]))
        if i >= 10:
            times.append((time.perf_counter() - t) * 1000)
    rss = rss_mb(km)
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return startup, times, rss


def first_cells(names, rounds):
    for n in names:
        first_session(n)
    kinds = KINDS
    got = {n: {"startup": [], "rss": [], **{k: [] for k in kinds}} for n in names}
    for _ in range(rounds):
        for kind in kinds:
            for n in names:
                startup, times, rss = first_cells_of(n, kind)
                got[n]["startup"].append(startup)
                got[n]["rss"].append(rss)
                got[n][kind].extend(times)
    print("| kernel | start-up | same cell | new cell `1 + n` | method | class | import | RSS after 70 cells |")
    print("|---|---|---|---|---|---|---|---|")
    for n in names:
        g = got[n]
        cols = []
        for kind in kinds:
            q = statistics.quantiles(g[kind], n=10)
            cols.append("%.1f / %.1f" % (statistics.median(g[kind]), q[8]))
        print("| %s | %.2f s | %s | %.0f MB |" % (n, statistics.median(g["startup"]), " | ".join(cols), max(g["rss"])))


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--first-cells":
        rounds = 3
        args = args[1:]
        if args and args[0].isdigit():
            rounds = int(args[0])
            args = args[1:]
        first_cells(args or list(CASES), rounds)
        sys.exit(0)
    names = args or list(CASES)
    print("| kernel | start-up to ready | same cell p50 | p90 | new cell p50 | p90 | same cell p50 after 1,400 cells "
          "| print 100,000 lines | interrupt | status after interrupt |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n in names:
        s, p50, p90, f50, f90, late, pr, it, st = bench(n, CASES[n])
        print("| %s | %.2f s | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f s | %.3f s | %s |"
              % (n, s, p50, p90, f50, f90, late, pr, it, st))

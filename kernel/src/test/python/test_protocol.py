"""Drives an envbook kernel as a separate process through jupyter_client and raw ZeroMQ."""
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import unittest

import zmq
from jupyter_client.manager import start_new_kernel

TIMEOUT = 30
# a front end that starts a kernel, prints its process id, and is then killed without shutting it down
FRONT_END = """
import sys, time
from jupyter_client.manager import KernelManager
km = KernelManager(kernel_name=sys.argv[1])
km.start_kernel()
print(km.provisioner.process.pid, flush=True)
time.sleep(600)
"""


def alive(pid):
    """Whether the process runs (a zombie nobody reaped has ended)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def run(kc, code, allow_stdin=False, timeout=TIMEOUT):
    """Executes code, returns (reply content, list of iopub messages for it)."""
    msg_id = kc.execute(code, allow_stdin=allow_stdin)
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    out = []
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        out.append(m)
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    return reply["content"], out


def send_shell(kc, msg_type, content):
    msg = kc.session.msg(msg_type, content)
    kc.shell_channel.send(msg)
    return msg["header"]["msg_id"]


def iopub_message(kc, msg_type, timeout=TIMEOUT, where=lambda c: True):
    """The next iopub message of a type whose content matches, skipping others."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["msg_type"] == msg_type and where(m["content"]):
            return m
    raise AssertionError("no %s on iopub" % msg_type)


def iopub_of(kc, msg_type, timeout=TIMEOUT, where=lambda c: True):
    """The content of the next iopub message of a type whose content matches."""
    return iopub_message(kc, msg_type, timeout, where)["content"]


def comm_info(kc, target):
    kc.comm_info(target_name=target)
    while True:
        m = kc.get_shell_msg(timeout=TIMEOUT)
        if m["msg_type"] == "comm_info_reply":
            return m["content"]["comms"]


def result_text(out):
    for m in out:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]["text/plain"]
    return None


def outputs_in_order(out):
    """The cell's outputs as (kind, text) pairs in the order they came: stream text, display HTML, results."""
    shown = []
    for m in out:
        c = m["content"]
        if m["msg_type"] == "stream":
            shown.append(("stream", c["text"]))
        elif m["msg_type"] in ("display_data", "execute_result"):
            shown.append((m["msg_type"], c["data"].get("text/html", c["data"].get("text/plain"))))
    return shown


class Base:
    kernel_name = None

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=cls.kernel_name)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def interrupt_after(self, seconds):
        def later():
            time.sleep(seconds)
            self.km.interrupt_kernel()
        threading.Thread(target=later, daemon=True).start()

    def test_a_kernel_whose_front_end_is_killed_exits(self):
        front_end = subprocess.Popen([sys.executable, "-c", FRONT_END, self.kernel_name], stdout=subprocess.PIPE, text=True)
        pid = int(front_end.stdout.readline())
        try:
            self.assertTrue(alive(pid))
            front_end.kill()
            front_end.wait()
            deadline = time.time() + 20
            while alive(pid) and time.time() < deadline:
                time.sleep(0.1)
            self.assertFalse(alive(pid), "the kernel outlived its front end by 20 s")
        finally:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)

    def test_a_display_comes_between_the_lines_printed_around_it_and_echoes_no_id(self):
        reply, out = run(self.kc, self.print_around_display)
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(outputs_in_order(out), [("stream", "before\n"), ("display_data", "<b>shown</b>"), ("stream", "after\n")])
        reply, out = run(self.kc, self.display_last)
        self.assertEqual(outputs_in_order(out), [("display_data", "<b>last</b>")])


class GroovyProcessTests(Base, unittest.TestCase):
    kernel_name = "envbook-groovy"
    print_around_display = "println 'before'; display(html('<b>shown</b>')); println 'after'"
    display_last = "display(html('<b>last</b>'))"

    def test_interrupt_stops_a_tight_loop_and_keeps_variables(self):
        run(self.kc, "def x = 41")
        self.interrupt_after(1.0)
        started = time.time()
        reply, _ = run(self.kc, "while (true) {}")
        self.assertLess(time.time() - started, 20)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "Interrupted")
        reply, out = run(self.kc, "x + 1")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(result_text(out), "42")

    def test_definitions_persist_across_cells(self):
        run(self.kc, "def a = 5\nint b = 2\ndef twice(n) { n * b }\nclass P { int v }\nimport java.util.concurrent.atomic.AtomicInteger")
        reply, out = run(self.kc, "twice(a) + new P(v: 1).v + new AtomicInteger(3).get()")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(result_text(out), "14")

    def test_output_of_a_thread_started_by_a_cell_goes_to_that_cell_after_its_reply(self):
        msg_id = self.kc.execute("Thread.start { sleep 500; println 'late line' }; 'started'")
        late = iopub_message(self.kc, "stream", where=lambda c: "late line" in c["text"])
        self.assertEqual(late["parent_header"]["msg_id"], msg_id)

    def test_input_is_asked_from_the_front_end(self):
        msg_id = self.kc.execute("def name = input('who? ')", allow_stdin=True)
        req = self.kc.get_stdin_msg(timeout=TIMEOUT)
        self.assertEqual(req["content"]["prompt"], "who? ")
        self.kc.input("ada")
        reply, out = run(self.kc, "name.toUpperCase()")
        self.assertEqual(result_text(out), "ADA")

    def test_input_without_stdin_is_a_clear_error(self):
        reply, _ = run(self.kc, "input('x')", allow_stdin=False)
        self.assertEqual(reply["status"], "error")
        self.assertIn("allow_stdin is false", reply["evalue"])

    def test_a_message_with_a_bad_signature_is_ignored(self):
        ctx = zmq.Context.instance()
        sock = ctx.socket(zmq.DEALER)
        sock.connect("tcp://%s:%d" % (self.km.ip, self.km.shell_port))
        session = self.kc.session
        msg = session.msg("execute_request", {"code": "evil = 1", "silent": False, "store_history": True,
                                              "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        frames = session.serialize(msg)
        frames[1] = b"0" * 64  # the signature
        sock.send_multipart(frames)
        self.assertEqual(sock.poll(1500), 0, "a reply came to a badly signed message")
        sock.close(0)
        reply, out = run(self.kc, "binding.hasVariable('evil')")
        self.assertEqual(result_text(out), "false")

    def test_a_thousand_malformed_frames_are_survived(self):
        ctx = zmq.Context.instance()
        sock = ctx.socket(zmq.DEALER)
        sock.connect("tcp://%s:%d" % (self.km.ip, self.km.shell_port))
        junk = [
            [b"garbage"],
            [b"<IDS|MSG>"],
            [b"<IDS|MSG>", b"sig", b"{", b"}", b"[", b"]"],
            [b"<IDS|MSG>", b"", b"not json", b"{}", b"{}", b"{}"],
            [os.urandom(64) for _ in range(7)],
        ]
        for i in range(1000):
            sock.send_multipart(junk[i % len(junk)])
        time.sleep(0.5)
        sock.close(0)
        reply, out = run(self.kc, "1 + 1")
        self.assertEqual(result_text(out), "2")

    def test_completion_counts_code_points(self):
        run(self.kc, "def emojiValue = 1")
        code = "'😀'; emojiVa"
        self.kc.complete(code, len(code))  # Python len counts code points
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        self.assertEqual(reply["matches"], ["emojiValue"])
        self.assertEqual(reply["cursor_start"], len("'😀'; "))
        self.assertEqual(reply["cursor_end"], len(code))


    def test_a_comm_the_front_end_opens_reaches_its_target_both_ways(self):
        reply, _ = run(self.kc, "comms.register('echo') { comm, data -> comm.send(opened: data.x); "
                                "comm.onMessage { msg -> comm.send(echo: msg.text) } }")
        self.assertEqual(reply["status"], "ok", reply)
        send_shell(self.kc, "comm_open", {"comm_id": "c1", "target_name": "echo", "data": {"x": 7}})
        self.assertEqual(iopub_of(self.kc, "comm_msg", where=lambda c: c["comm_id"] == "c1")["data"], {"opened": 7})
        self.assertEqual(comm_info(self.kc, "echo"), {"c1": {"target_name": "echo"}})
        send_shell(self.kc, "comm_msg", {"comm_id": "c1", "data": {"text": "hi"}})
        self.assertEqual(iopub_of(self.kc, "comm_msg", where=lambda c: c["comm_id"] == "c1")["data"], {"echo": "hi"})
        send_shell(self.kc, "comm_close", {"comm_id": "c1", "data": {}})
        time.sleep(0.2)
        self.assertEqual(comm_info(self.kc, "echo"), {})

    def test_a_comm_to_an_unknown_target_is_closed(self):
        send_shell(self.kc, "comm_open", {"comm_id": "c2", "target_name": "nobody.here", "data": {}})
        self.assertEqual(iopub_of(self.kc, "comm_close", where=lambda c: c["comm_id"] == "c2")["data"], {})

    def test_the_kernel_opens_sends_on_and_closes_a_comm(self):
        reply, out = run(self.kc, "def c = comms.open('front.end', [a: 1]); c.send(b: 2); c.close()")
        self.assertEqual(reply["status"], "ok", reply)
        by_type = {m["msg_type"]: m["content"] for m in out if m["msg_type"].startswith("comm_")}
        self.assertEqual(by_type["comm_open"]["target_name"], "front.end")
        self.assertEqual(by_type["comm_open"]["data"], {"a": 1})
        self.assertEqual(by_type["comm_msg"]["data"], {"b": 2})
        self.assertEqual(by_type["comm_close"]["comm_id"], by_type["comm_open"]["comm_id"])


class JavaProcessTests(Base, unittest.TestCase):
    kernel_name = "envbook-java"
    print_around_display = 'System.out.println("before"); display(html("<b>shown</b>")); System.out.println("after");'
    display_last = 'display(html("<b>last</b>"))'

    def test_interrupt_stops_a_tight_loop_and_keeps_variables(self):
        run(self.kc, "int x = 41;")
        self.interrupt_after(1.0)
        started = time.time()
        reply, _ = run(self.kc, "while (true) {}")
        self.assertLess(time.time() - started, 20)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "Interrupted")
        reply, out = run(self.kc, "x + 1")
        self.assertEqual(result_text(out), "42")

    def test_output_of_a_thread_started_by_a_cell_goes_to_that_cell_after_its_reply(self):
        msg_id = self.kc.execute('new Thread(() -> { try { Thread.sleep(500); } catch (InterruptedException e) {} '
                                 'System.out.println("late line"); }).start()')
        late = iopub_message(self.kc, "stream", where=lambda c: "late line" in c["text"])
        self.assertEqual(late["parent_header"]["msg_id"], msg_id)

    def test_java_cells_open_comms_too(self):
        reply, out = run(self.kc, 'var c = comms().open("front.end", Map.of("a", 1)); c.send(Map.of("b", 2));')
        self.assertEqual(reply["status"], "ok", reply)
        opened = [m["content"] for m in out if m["msg_type"] == "comm_open"]
        self.assertEqual(opened[0]["data"], {"a": 1})

    def test_engine_objects_come_back_live_and_render_as_html(self):
        reply, out = run(self.kc, 'Reward.weighted(Map.of("a", 1.0), Map.of("a", 0.5))')
        self.assertEqual(reply["status"], "ok", reply)
        self.assertIn("0.5", result_text(out))


if __name__ == "__main__":
    unittest.main()

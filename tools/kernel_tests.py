#!/usr/bin/env python3
"""The distill4j kernel against the Jupyter project's own kernel test suite, and against what a learner does.

1. `jupyter_kernel_test.KernelTests` (Debian: python3-jupyter-kernel-test): kernel_info, stdout, stderr, errors,
   execute_result with text/plain, display_data, completion, is_complete, history (tail, range, search), inspect,
   clear_output. Every test of the suite that applies to Java runs; the pager test does not apply (Java has no pager).
2. Our own, through the same protocol (jupyter_client):
   - Kernel > Interrupt of a busy loop, of a Thread.sleep, and of a training run (Distiller), REPEAT times each: the
     interrupted cell gets an error reply saying it was interrupted within 2 s, and the next cell runs with its
     output;
   - an interrupt of an idle kernel changes nothing;
   - after an error, cells already queued (Run All) are answered "aborted", and a cell sent afterwards runs;
   - System.exit in a cell: an error that says what happened, and the kernel lives on with its variables;
   - shutdown: a shutdown_reply, and the process has exited within 2 s.

Prints one line per test and a closing line "kernel-tests: N passed, N failed" (read by `./kit test`).
Usage: kernel_tests.py [--kernel distill4j] [--repeat 20]
"""
import argparse
import os
import sys
import time
import unittest
from queue import Empty

from jupyter_client.manager import start_new_kernel
import jupyter_kernel_test

KERNEL = os.environ.get("DISTILL4J_KERNEL", "distill4j")
REPEAT = int(os.environ.get("DISTILL4J_INTERRUPT_REPEAT", "20"))


class JupyterKernelSuite(jupyter_kernel_test.KernelTests):
    """The Jupyter project's kernel tests, with Java samples."""

    kernel_name = KERNEL
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("oops");'
    code_generate_error = 'throw new IllegalStateException("expected")'
    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": "\"a\" + \"b\"", "result": "ab"},
        {"code": "java.util.List.of(1, 2)", "result": "[1, 2]"},
    ]
    code_display_data = [
        {"code": "display(tech.tablesaw.api.Table.create(\"t\", tech.tablesaw.api.IntColumn.create(\"n\", 1, 2)));",
         "mime": "text/html"},
        {"code": "display(tech.tablesaw.api.Table.create(\"t\", tech.tablesaw.api.IntColumn.create(\"n\", 1, 2)));",
         "mime": "text/plain"},
    ]
    code_clear_output = 'System.out.println("before"); clearOutput();'
    completion_samples = [
        {"text": "Math.ma", "matches": {"max("}},
        {"text": "String s = \"x\"; s.isEm", "matches": {"isEmpty()"}},
    ]
    complete_code_samples = ["int x = 1;", "1 + 1", "void f() { }", "class A { }", "import java.util.*;"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int[] a = {1,", "void f() {"]
    invalid_code_samples = ["int x = ;", "1 +* 2;", "class { }"]
    code_inspect_sample = "Math.max"
    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")


class LearnerBehaviour(unittest.TestCase):
    """What a learner does that the suite above does not: interrupt, Run All after an error, System.exit, Restart."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        if cls.km.is_alive():
            cls.km.shutdown_kernel(now=True)

    def collect(self, msg_id, timeout=60):
        """The reply to msg_id and its output messages (up to the idle status)."""
        reply = None
        deadline = time.time() + timeout
        while reply is None:
            m = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
            if m["parent_header"].get("msg_id") == msg_id:
                reply = m
        outputs = []
        while True:
            m = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
            if m["msg_type"] not in ("status", "execute_input"):
                outputs.append(m)
        return reply, outputs

    def run_cell(self, code, timeout=60):
        return self.collect(self.kc.execute(code), timeout)

    def stdout(self, outputs):
        return "".join(m["content"]["text"] for m in outputs
                       if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")

    def interrupt_and_check(self, code, started_marker, label):
        for i in range(REPEAT):
            with self.subTest(case=label, attempt=i):
                msg_id = self.kc.execute(code)
                # wait until the cell runs (its marker is printed), then interrupt
                deadline = time.time() + 30
                seen = False
                while not seen and time.time() < deadline:
                    try:
                        m = self.kc.get_iopub_msg(timeout=1)
                    except Empty:
                        continue
                    if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream"
                            and started_marker in m["content"]["text"]):
                        seen = True
                self.assertTrue(seen, "the cell never started")
                t0 = time.time()
                self.km.interrupt_kernel()
                reply = None
                while reply is None:
                    m = self.kc.get_shell_msg(timeout=10)
                    if m["parent_header"].get("msg_id") == msg_id:
                        reply = m
                elapsed = time.time() - t0
                self.assertEqual(reply["content"]["status"], "error")
                self.assertEqual(reply["content"]["ename"], "Interrupted", reply["content"])
                self.assertLess(elapsed, 2.0, "stopped within 2 s")
                # the next cell runs, with its output, and nothing of the interrupted cell leaks into it
                nxt, outs = self.run_cell('System.out.println("next " + (%d + 1));' % i, timeout=20)
                self.assertEqual(nxt["content"]["status"], "ok")
                self.assertEqual(self.stdout(outs), "next %d\n" % (i + 1))

    def test_1_interrupting_an_idle_kernel_changes_nothing(self):
        self.km.interrupt_kernel()
        time.sleep(0.3)
        reply, outs = self.run_cell("int kept = 41; kept + 1")
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m for m in outs if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "42")

    def test_2_interrupt_a_busy_loop(self):
        self.interrupt_and_check('System.out.println("spinning"); long n = 0; while (true) { n++; }',
                                 "spinning", "busy loop")

    def test_3_interrupt_a_sleep(self):
        self.interrupt_and_check('System.out.println("sleeping"); Thread.sleep(60_000);', "sleeping", "sleep")

    def test_4_interrupt_training(self):
        setup, _ = self.run_cell(
            "var course = Datasets.fashionMnist();\n"
            "var train = course.train().take(2000);\n"
            "var test = course.test().take(200);\n"
            "var trainer = Distiller.supervised().epochs(50).quiet(true).build();")
        self.assertEqual(setup["content"]["status"], "ok", setup["content"])
        self.interrupt_and_check(
            'System.out.println("training"); trainer.train(Mlp.student(), train, test).close();', "training", "training")

    def test_5_queued_cells_after_an_error_are_aborted_and_a_later_cell_runs(self):
        failing = self.kc.execute('throw new RuntimeException("first fails")')
        queued = self.kc.execute('System.out.println("must not run");')
        r1, _ = self.collect(failing)
        r2, outs2 = self.collect(queued)
        self.assertEqual(r1["content"]["status"], "error")
        self.assertEqual(r2["content"]["status"], "aborted")
        self.assertEqual(self.stdout(outs2), "")
        time.sleep(0.05)
        r3, outs3 = self.run_cell('System.out.println("runs");')
        self.assertEqual(r3["content"]["status"], "ok")
        self.assertEqual(self.stdout(outs3), "runs\n")

    def test_6_system_exit_is_refused_and_the_kernel_keeps_its_variables(self):
        self.run_cell("int survivor = 7;")
        reply, outs = self.run_cell("System.exit(3);")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("System.exit(3)", reply["content"]["evalue"])
        self.assertTrue(self.km.is_alive())
        reply, outs = self.run_cell("survivor * 6")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outs if m["msg_type"] == "execute_result"],
                         ["42"])

    def test_7_shutdown_is_answered_and_the_process_exits_within_two_seconds(self):
        km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60)
        try:
            kc.execute_interactive('System.out.println("a cell ran");', timeout=60)
            t0 = time.time()
            msg_id = kc.shutdown()
            reply = None
            while reply is None:
                m = kc.get_control_msg(timeout=5)
                if m["parent_header"].get("msg_id") == msg_id:
                    reply = m
            self.assertEqual(reply["msg_type"], "shutdown_reply")
            while km.is_alive() and time.time() - t0 < 5:
                time.sleep(0.05)
            elapsed = time.time() - t0
            self.assertFalse(km.is_alive(), "the kernel process is gone")
            self.assertLess(elapsed, 2.0, "exited within 2 s of the request")
        finally:
            kc.stop_channels()
            if km.is_alive():
                km.shutdown_kernel(now=True)


def main():
    global REPEAT
    p = argparse.ArgumentParser()
    p.add_argument("--kernel", default=KERNEL)
    p.add_argument("--repeat", type=int, default=REPEAT)
    a = p.parse_args()
    REPEAT = a.repeat
    JupyterKernelSuite.kernel_name = a.kernel
    os.environ["DISTILL4J_KERNEL"] = a.kernel

    suite = unittest.TestSuite()
    loader = unittest.TestLoader()
    suite.addTests(loader.loadTestsFromTestCase(JupyterKernelSuite))
    suite.addTests(loader.loadTestsFromTestCase(LearnerBehaviour))
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    # a test with subtests counts once: failed if any subtest failed, skipped only if the whole test was skipped
    def test_id(test):
        return getattr(test, "test_case", test).id()
    failed_ids = {test_id(t) for t, _ in result.failures + result.errors}
    skipped_ids = {t.id() for t, _ in result.skipped if not hasattr(t, "test_case")} - failed_ids
    failed, skipped = len(failed_ids), len(skipped_ids)
    passed = result.testsRun - failed - skipped
    for t in sorted(failed_ids):
        print("FAILED: " + t)
    print("kernel-tests: %d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

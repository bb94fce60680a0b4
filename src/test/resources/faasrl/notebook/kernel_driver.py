"""Drives a Jupyter kernel through jupyter_client, the way Jupyter itself does.

Run with Debian's /usr/bin/python3. Usage: kernel_driver.py KERNEL_NAME SCRIPT_JSON
SCRIPT_JSON is either {"starts": N}: start, run "1 + 1", check the result, shut down, N times;
or {"steps": [...]}: one kernel, each step one of
  {"execute": CODE, "interrupt_after": SECONDS?, "timeout": SECONDS?}
  {"complete": CODE, "cursor": N}   {"inspect": CODE, "cursor": N}   {"is_complete": CODE}
Prints one JSON document with what the kernel answered (replies and iopub messages).
"""
import json
import sys
import time
import traceback

from jupyter_client.manager import KernelManager


def start(name):
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    return km, kc


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=False)


def execute(km, kc, code, interrupt_after=None, timeout=120):
    msg_id = kc.execute(code)
    if interrupt_after is not None:
        time.sleep(interrupt_after)
        km.interrupt_kernel()
    outputs = []
    deadline = time.time() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            break
        if kind in ("stream", "display_data", "update_display_data", "execute_result", "error"):
            outputs.append({"msg_type": kind, "content": msg["content"]})
    return {"reply": shell_reply(kc, msg_id, timeout), "outputs": outputs}


def shell_reply(kc, msg_id, timeout=60):
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


def request(kc, send):
    return {"reply": shell_reply(kc, send())}


def run_starts(name, n):
    results = []
    for _ in range(n):
        t0 = time.time()
        try:
            km, kc = start(name)
            try:
                r = execute(km, kc, "1 + 1", timeout=60)
                values = [o["content"]["data"].get("text/plain") for o in r["outputs"]
                          if o["msg_type"] == "execute_result"]
                ok = r["reply"]["status"] == "ok" and values == ["2"]
                results.append({"ok": ok, "seconds": time.time() - t0,
                                "detail": "" if ok else json.dumps(r)})
            finally:
                stop(km, kc)
        except Exception:
            results.append({"ok": False, "seconds": time.time() - t0, "detail": traceback.format_exc()})
    return {"starts": results}


def run_steps(name, steps):
    km, kc = start(name)
    results = []
    try:
        for s in steps:
            if "execute" in s:
                results.append(execute(km, kc, s["execute"], s.get("interrupt_after"), s.get("timeout", 120)))
            elif "complete" in s:
                results.append(request(kc, lambda: kc.complete(s["complete"], s["cursor"])))
            elif "inspect" in s:
                results.append(request(kc, lambda: kc.inspect(s["inspect"], s["cursor"])))
            elif "is_complete" in s:
                results.append(request(kc, lambda: kc.is_complete(s["is_complete"])))
            else:
                raise ValueError("unknown step %r" % s)
    finally:
        stop(km, kc)
    return {"steps": results}


def main():
    name, script = sys.argv[1], json.loads(open(sys.argv[2]).read())
    out = run_starts(name, script["starts"]) if "starts" in script else run_steps(name, script["steps"])
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

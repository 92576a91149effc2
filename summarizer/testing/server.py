"""A SCRIPTED OpenAI-compatible chat server for tests, demos and benchmarks.

Nothing here is a recording of a real model: every answer is one you queued. It is a real
HTTP server on 127.0.0.1, so the whole client stack (openai SDK, instructor, retries,
timeouts) runs for real against it. Queue steps with `enqueue`; read `requests` afterwards.

    with ScriptedServer() as server:
        server.enqueue(reply({"summary": "...", ...}), fault(429, retry_after="1"))
        summarize(text, base_url=server.base_url, api_key="x", model="m")
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .steps import Step, answer_for, fault


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body are separate writes: without this, Nagle plus delayed ACK add ~40 ms
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, *args):  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        headers = {"Content-Type": "application/json", **(headers or {})}
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout): fine
            self.close_connection = True

    def do_GET(self):
        owner = self.server.owner
        if self.path.startswith("/v1/batches/"):
            self._send(200, json.dumps(owner._batch_poll(self.path.rsplit("/", 1)[-1])).encode())
        elif self.path.startswith("/v1/files/") and self.path.endswith("/content"):
            file_id = self.path.split("/")[3]
            self._send(200, owner.files.get(file_id, b""), {"Content-Type": "application/octet-stream"})
        else:  # /v1/models, for clients that probe it
            self._send(200, json.dumps({"object": "list", "data": [{"id": "scripted", "object": "model"}]}).encode())

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length)
        owner = self.server.owner
        if self.path.endswith("/files"):
            boundary = self.headers.get("Content-Type", "").split("boundary=")[-1].strip('"').encode()
            part = next(p for p in raw_body.split(b"--" + boundary) if b'name="file"' in p)
            content = part.split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n", 1)[0]
            self._send(200, json.dumps(owner._store_file(content, "batch")).encode())
            return
        if self.path.endswith("/batches"):
            self._send(200, json.dumps(owner._batch_create(json.loads(raw_body))).encode())
            return
        try:
            request = json.loads(raw_body or b"{}")
        except ValueError:
            request = {}
        owner.peers.append(self.client_address)  # which connection asked: keep-alive is visible
        step = owner._next(self.path, request, {k.lower(): v for k, v in self.headers.items()})
        try:
            if step.delay_s:
                time.sleep(step.delay_s)
        finally:
            # left before the answer is written: a client cannot send its next request earlier
            owner._left()
        self._answer(step, request)

    def _answer(self, step: Step, request: dict[str, Any]) -> None:
        owner = self.server.owner
        if step.kind == "slow":
            step = Step("reply", brief=owner.default_brief)
        if step.kind == "reply":
            brief = step.brief if step.brief is not None else owner.default_brief
            self._send(200, json.dumps(answer_for(request, brief or {}, step.usage)).encode())
        elif step.kind in ("status", "raw"):
            self._send(step.status, step.body or b"", step.headers)
        elif step.kind == "trickle":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(step.body or b"")))
            self.end_headers()
            sent = 0
            try:
                for byte in step.body or b"":
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    sent += 1
                    time.sleep(float(step.headers["interval"]))
            except (BrokenPipeError, ConnectionResetError):  # the client gave up: that is the point
                self.close_connection = True
            owner.trickled.append(sent)
        elif step.kind == "reset":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "4096")
            self.end_headers()
            self.wfile.write(b'{"id": "chatcmpl-scripted", "choices": [')
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256  # the default of 5 resets connections when many clients start at once
    owner: ScriptedServer


class ScriptedServer:
    """Scripted OpenAI-compatible server on 127.0.0.1 (answers are queued, never recorded)."""

    def __init__(
        self,
        *,
        default_brief: dict[str, Any] | None = None,
        latency_s: float = 0.0,
        responder: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
        context_limit_tokens: int | None = None,
    ) -> None:
        """`responder`: a SCRIPTED function from a request to the brief to answer with (used when
        the queue is empty). `context_limit_tokens`: refuse longer requests the way OpenAI does
        (HTTP 400, `context_length_exceeded`), counting a token as 4 characters."""
        self.default_brief = default_brief
        self.responder = responder
        self.context_limit_tokens = context_limit_tokens
        self.latency_s = latency_s
        self.queue: deque[Step] = deque()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.times: list[float] = []  # when each chat request arrived (time.monotonic)
        self.peers: list[tuple] = []  # the client address (host, port) of each chat request
        self.trickled: list[int] = []  # bytes of each trickled body sent before the client hung up
        self.in_flight = 0  # chat requests arrived whose answers have not begun...
        self.peak_in_flight = 0  # ...and the most there ever were at once (what a concurrency allows)
        self._lock = threading.Lock()
        self._httpd: _Server | None = None
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.batch_answers: dict[str, Any] = {}  # custom_id -> brief dict, "error", or bytes: the raw line
        self.batch_polls_to_complete = 2
        self.batch_endings: dict[str, str] = {}  # batch id -> the status it ends with instead ("failed")

    # --- a fake of the OpenAI Files and Batches endpoints (scripted, not recorded) -------------

    def _store_file(self, content: bytes, purpose: str) -> dict[str, Any]:
        with self._lock:
            file_id = f"file-scripted-{len(self.files) + 1}"
            self.files[file_id] = content
        return {
            "id": file_id,
            "object": "file",
            "bytes": len(content),
            "created_at": 0,
            "filename": "input.jsonl",
            "purpose": purpose,
            "status": "processed",
        }

    def _batch_create(self, body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            batch_id = f"batch_scripted_{len(self.batches) + 1}"
            lines = [json.loads(x) for x in self.files[body["input_file_id"]].decode().splitlines() if x.strip()]
            self.batches[batch_id] = {
                "id": batch_id,
                "object": "batch",
                "endpoint": body["endpoint"],
                "input_file_id": body["input_file_id"],
                "completion_window": "24h",
                "status": "validating",
                "created_at": 0,
                "polls": 0,
                "lines": lines,
                "output_file_id": None,
                "error_file_id": None,
            }
        return self._batch_view(batch_id)

    def _batch_view(self, batch_id: str) -> dict[str, Any]:
        b = self.batches[batch_id]
        n = len(b["lines"])
        done = n if b["status"] == "completed" else 0
        view = {k: v for k, v in b.items() if k not in ("polls", "lines")}
        view["request_counts"] = {"total": n, "completed": done, "failed": 0}
        return view

    def _batch_poll(self, batch_id: str) -> dict[str, Any]:
        with self._lock:
            b = self.batches[batch_id]
            b["polls"] += 1
            ending = self.batch_endings.get(batch_id)
            if ending and b["status"] not in ("completed", ending) and b["polls"] >= self.batch_polls_to_complete:
                b.update(status=ending, errors={"object": "list", "data": [{"code": "scripted", "message": ending}]})
            elif b["status"] != "completed" and b["polls"] >= self.batch_polls_to_complete:
                out = []
                for line in b["lines"]:
                    answer = self.batch_answers.get(line["custom_id"], self.default_brief)
                    if isinstance(answer, bytes):  # the output line exactly as given (a broken one)
                        out.append(answer.decode())
                        continue
                    if answer == "error":
                        response = {
                            "status_code": 500,
                            "request_id": "scripted",
                            "body": {"error": {"message": "scripted"}},
                        }
                    else:
                        response = {
                            "status_code": 200,
                            "request_id": "scripted",
                            "body": answer_for(line["body"], answer),
                        }
                    out.append(
                        json.dumps(
                            {"id": "batch_req", "custom_id": line["custom_id"], "response": response, "error": None}
                        )
                    )
                file_id = f"file-scripted-{len(self.files) + 1}"
                self.files[file_id] = ("\n".join(out) + "\n").encode()
                b.update(status="completed", output_file_id=file_id)
            elif b["status"] == "validating":
                b["status"] = "in_progress"
        return self._batch_view(batch_id)

    def enqueue(self, *steps: Step) -> ScriptedServer:
        with self._lock:
            self.queue.extend(steps)
        return self

    def _next(self, path: str, request: dict[str, Any], headers: dict[str, str]) -> Step:
        with self._lock:
            self.requests.append(request)
            self.headers.append(headers)
            self.times.append(time.monotonic())
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
            if self.queue:
                return self.queue.popleft()
        if self.context_limit_tokens is not None:
            # the tools and a response format take up the window too, as they do on a real server
            counted = {k: request[k] for k in ("messages", "tools", "response_format") if k in request}
            tokens = len(json.dumps(counted, ensure_ascii=False)) // 4
            if tokens > self.context_limit_tokens:
                message = (
                    f"This model's maximum context length is {self.context_limit_tokens} tokens. However, your "
                    f"messages resulted in {tokens} tokens. Please reduce the length of the messages."
                )
                body = {"error": {"message": message, "type": "invalid_request_error", "param": "messages",
                                  "code": "context_length_exceeded"}}  # fmt: skip
                return fault(400, body=json.dumps(body))
        if self.responder is not None:
            return Step("reply", brief=self.responder(request), delay_s=self.latency_s)
        if self.default_brief is None:
            return fault(500, body=json.dumps({"error": {"message": "scripted server: queue is empty"}}))
        return Step("reply", brief=self.default_brief, delay_s=self.latency_s)

    def _left(self) -> None:
        with self._lock:
            self.in_flight -= 1

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> ScriptedServer:
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        threading.Thread(target=self._httpd.serve_forever, name="scripted-openai", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    """`python -m summarizer.testing BRIEF.json [--latency S]`: serve the scripted server in its
    own process (for benchmarks, so it does not share the client's interpreter lock)."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("brief", help="JSON file with the default (scripted) answer")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    args = parser.parse_args(argv)
    brief = json.loads(open(args.brief, encoding="utf-8").read())
    brief.pop("_label", None)
    server = ScriptedServer(default_brief=brief, latency_s=args.latency).start()
    print(server.base_url, flush=True)
    try:
        sys.stdin.read()  # serve until the parent closes our stdin
    finally:
        server.stop()


if __name__ == "__main__":
    main()

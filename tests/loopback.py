"""A JSON API served on 127.0.0.1 in a thread, for tests of code that builds its own HTTP client (the CLI, the
sync commands). No tests here; imported as ``from loopback import serve_json``."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

#: (path with query, request headers with lower-case names) -> (status, extra response headers, JSON body)
Answer = Callable[[str, dict[str, str]], tuple[int, dict[str, str], bytes]]


@contextmanager
def serve_json(answer: Answer) -> Iterator[str]:
    """Serve every GET with ``answer``; yields the origin (``http://127.0.0.1:PORT``)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            status, headers, body = answer(self.path, {k.lower(): v for k, v in self.headers.items()})
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()

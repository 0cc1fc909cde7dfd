"""A smart-HTTP git server on loopback: the real ``git http-backend`` (CGI) behind basic auth.

- Repositories are bare repositories under ``root`` (``GIT_PROJECT_ROOT``), served at ``/<name>.git/…``
  and ``/<name>/…`` (git adds nothing; Go asks for the URL the meta tag names).
- ``GET /<path>?go-get=1`` answers the go-import page for any path in ``meta`` (no auth, like real code
  hosts that serve the page to everyone): ``{"host/team/repo": "https://host/team/repo"}``.
- With ``users`` set, every git request needs ``Authorization: Basic`` with one of them, else 401 with
  ``WWW-Authenticate`` (what makes git ask a credential helper, .netrc, or the terminal).
- ``ssl_context``: serve HTTPS (trustme certificates from tls_servers.py).

CGI the way RFC 3875 says: the request body streams to the backend's stdin, the backend's ``Status:``
and other headers become the response head, the rest streams back. ``requests`` records
``(method, path, user)`` for assertions.
"""

from __future__ import annotations

import base64
import os
import shutil
import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


def git_http_backend() -> str:
    exec_path = subprocess.run(["git", "--exec-path"], capture_output=True, text=True, check=True).stdout.strip()
    return str(Path(exec_path) / "git-http-backend")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _user(self) -> str | None:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return None
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return None
        return user if self.server.users.get(user) == password else None

    def _reply(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        host_path = f"{self.server.host_name}{parts.path}".rstrip("/")
        length = int(self.headers.get("Content-Length") or 0)
        if self.command == "GET" and "go-get=1" in parts.query:
            self.server.requests.append(("GET", self.path, None))
            repo = self.server.meta.get(host_path)
            if repo is None:
                self._reply(404, b"not found\n", {"Content-Type": "text/plain"})
                return
            tag = f'<meta name="go-import" content="{host_path} git {repo}">'
            self._reply(200, f"<html><head>{tag}</head><body>go get</body></html>\n".encode(),
                        {"Content-Type": "text/html; charset=utf-8"})
            return
        user = self._user()
        self.server.requests.append((self.command, self.path, user))
        if self.server.users and user is None:
            self.rfile.read(length)
            self._reply(401, b"authentication required\n",
                        {"WWW-Authenticate": 'Basic realm="loopback git"', "Content-Type": "text/plain"})
            return
        self._cgi(parts.path, parts.query, length, user)

    def _cgi(self, path: str, query: str, length: int, user: str | None) -> None:
        env = {
            "PATH": os.environ.get("PATH", os.defpath),
            "GIT_PROJECT_ROOT": str(self.server.root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "GATEWAY_INTERFACE": "CGI/1.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path if path.endswith((".git", ".git/")) or ".git/" in path else self._with_git(path),
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(length),
            "REMOTE_USER": user or "",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "HOME": str(self.server.root),
        }
        proc = subprocess.Popen([self.server.backend], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
        assert proc.stdin is not None and proc.stdout is not None
        remaining = length
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 65536))
            if not chunk:
                break
            proc.stdin.write(chunk)
            remaining -= len(chunk)
        proc.stdin.close()
        status, headers = 200, {}
        while True:
            line = proc.stdout.readline().decode("latin-1").rstrip("\r\n")
            if not line:
                break
            key, _, value = line.partition(":")
            if key.lower() == "status":
                status = int(value.split()[0])
            else:
                headers[key.strip()] = value.strip()
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        while chunk := proc.stdout.read1(65536):
            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")
        proc.wait()

    def _with_git(self, path: str) -> str:
        """``/team/repo/info/refs`` → ``/team/repo.git/info/refs`` when only ``repo.git`` exists."""
        for marker in ("/info/refs", "/git-upload-pack", "/git-receive-pack", "/HEAD", "/objects/"):
            head, found, tail = path.partition(marker)
            if found and (self.server.root / (head.lstrip("/") + ".git")).is_dir():
                return f"{head}.git{found}{tail}"
        return path


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, users: dict[str, str], meta: dict[str, str], host_name: str,
                 ssl_context: ssl.SSLContext | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root, self.users, self.meta, self.host_name = root, users, meta, host_name
        self.backend = git_http_backend()
        self.requests: list[tuple[str, str, str | None]] = []
        self.ssl_context = ssl_context

    def get_request(self) -> tuple[socket.socket, object]:
        sock, addr = super().get_request()
        if self.ssl_context is not None:
            sock = self.ssl_context.wrap_socket(sock, server_side=True)
        return sock, addr


class GitHttpServer:
    """``GitHttpServer(root, users={"alice": "s3cret"}, meta={...}).start()``; ``url`` is its base URL."""

    def __init__(self, root: Path, *, users: dict[str, str] | None = None, meta: dict[str, str] | None = None,
                 host_name: str = "127.0.0.1", ssl_context: ssl.SSLContext | None = None) -> None:
        assert shutil.which("git"), "git is needed"
        self._server = _Server(root, dict(users or {}), dict(meta or {}), host_name, ssl_context)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        scheme = "https" if self._server.ssl_context else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    @property
    def requests(self) -> list[tuple[str, str, str | None]]:
        return self._server.requests

    def start(self) -> GitHttpServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

"""The preview's own errors: a port that is taken is said in both languages with the way to choose another,
and a request for ``/%00`` is answered 400, not 500 with a traceback in the log.

Written against what an editor sees (the command's output, the HTTP status), so that they hold for any
preview server behind ``./scripts/serve``.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, free_port

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LANG": "C.UTF-8"}


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def _says_port_taken(output: str, port: int) -> None:
    assert "Traceback" not in output and "OSError" not in output, output
    assert f"端口 {port} 已被占用" in output and f"Port {port} is already in use" in output, output
    assert "./scripts/serve --port " in output


def test_serve_says_when_its_port_is_taken_and_how_to_choose_another(taken_port: int) -> None:
    """With port 8000 taken, ./scripts/serve printed a raw "OSError: Address already in use" traceback."""
    result = subprocess.run(
        [str(ROOT / "scripts" / "serve"), "--port", str(taken_port)],
        capture_output=True,
        text=True,
        timeout=300,
        env=ENV,
    )
    assert result.returncode == 1
    _says_port_taken(result.stdout + result.stderr, taken_port)


def test_the_port_is_held_from_the_start_so_no_other_program_takes_it_during_the_first_build(tmp_path: Path) -> None:
    """The port was free when the preview started: it listens before it builds (its pages say it is building),
    so no other program can take it meanwhile."""
    project = copy_project(tmp_path / "p")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "fangcheng", "serve", "--port", str(port)],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    taker = socket.socket()
    try:
        assert server.stderr is not None
        for line in server.stderr:
            if "Serving on" in line:
                break
        with pytest.raises(OSError):
            taker.bind(("127.0.0.1", port))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", "/")
        response = connection.getresponse()
        assert response.status == 200 and "/__fangcheng/version" in response.read().decode()
    finally:
        taker.close()
        server.terminate()
        server.communicate(timeout=60)


@pytest.mark.parametrize("command", ["fangcheng", "mkdocs"])
def test_a_request_with_a_null_byte_is_a_bad_request_not_a_server_error(tmp_path: Path, command: str) -> None:
    project = copy_project(tmp_path / "p")
    port = free_port()
    arguments = ["serve", "--port", str(port)] if command == "fangcheng" else ["serve", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [sys.executable, "-m", command, *arguments],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        for line in server.stderr:
            if "Serving on" in line:
                break
        statuses = {}
        for path in ("/%00", "/en/shops/%00.html", "/%0d%0a", "/en/"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", path)
            response = connection.getresponse()
            statuses[path] = response.status
            response.read()
            connection.close()
        assert statuses == {"/%00": 400, "/en/shops/%00.html": 400, "/%0d%0a": 400, "/en/": 200}
    finally:
        server.terminate()
        _, log = server.communicate(timeout=60)
    assert "Traceback" not in log and "500" not in log, log

"""The live preview (``./scripts/serve``): MkDocs' development server with editor-facing errors.

- A port that is taken is said in Chinese and English, with the command that picks another one, before
  the first build (and again if another program takes the port while that build runs), not as MkDocs'
  ``OSError: Address already in use`` traceback.
- A request whose path holds a control character (``/%00``) is answered 400: MkDocs' server answered 500
  and logged a traceback (``ValueError: embedded null byte``). :func:`refuse_bad_paths` wraps the server's
  WSGI application; the plugin applies it in ``on_serve``.

Every other option goes to ``mkdocs serve`` as it is (``--dirty``, ``--watch`` …).
"""

from __future__ import annotations

import errno
import socket
import sys
from collections.abc import Callable, Iterable
from typing import Any

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
BAD_REQUEST = (
    "400 请求的地址中有不允许的字符 / Bad Request: the address holds a character that is not allowed\n".encode()
)


def port_in_use_message(host: str, port: int) -> str:
    """What the preview says when ``port`` is taken: in both languages, with the command that picks another."""
    other = free_port_after(host, port)
    return (
        f"端口 {port} 已被占用（可能另一个预览已经在运行）。请先关闭占用它的程序，或换一个端口：\n"
        f"  ./scripts/serve --port {other}\n"
        f"Port {port} is already in use (perhaps another preview is running). Stop what uses it, or choose "
        f"another port:\n"
        f"  ./scripts/serve --port {other}"
    )


def port_is_free(host: str, port: int) -> bool:
    """Whether the preview could listen on ``host:port`` now (bound as MkDocs' server binds: reusing an address
    that is only waiting to close)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port_after(host: str, port: int, tries: int = 20) -> int:
    """The first port after ``port`` that is free (``port + 1`` if none of the next ``tries`` is)."""
    return next(
        (candidate for candidate in range(port + 1, port + 1 + tries) if port_is_free(host, candidate)), port + 1
    )


def refuse_bad_paths(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    """``app`` (a WSGI application) answering 400 to a path with a control character, instead of failing."""

    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if any(ord(char) < 0x20 or ord(char) == 0x7F for char in path):
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [BAD_REQUEST]
        return app(environ, start_response)

    return guarded


def parse_address(address: str) -> tuple[str, int] | None:
    """``HOST:PORT`` (as ``mkdocs serve --dev-addr`` takes it) as host and port, or None."""
    host, _, port = address.rpartition(":")
    return (host.strip("[]") or DEFAULT_HOST, int(port)) if port.isdigit() else None


def serve(host: str, port: int, options: list[str]) -> int:
    """Run the preview on ``host:port`` with ``options`` for ``mkdocs serve``; 1 when the port is taken."""
    if not port_is_free(host, port):
        print(port_in_use_message(host, port), file=sys.stderr)
        return 1
    from click import ClickException
    from click.exceptions import Abort, Exit
    from mkdocs.__main__ import cli

    command = ["serve", "--dev-addr", f"{host}:{port}", "--livereload", *options]
    try:
        cli.main(command, prog_name="mkdocs", standalone_mode=False)
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        print(port_in_use_message(host, port), file=sys.stderr)  # taken while the first build ran
        return 1
    except ClickException as error:
        error.show()
        return error.exit_code
    except Exit as error:
        return error.exit_code
    except Abort:
        return 1
    return 0

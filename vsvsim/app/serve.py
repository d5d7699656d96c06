"""Start the app's Solara server: what ``vsvsim app`` runs."""

from __future__ import annotations

import os
import subprocess
import sys

__all__ = ["MODULE", "serve", "server_command"]

#: The module Solara serves (its ``Page`` component is the app).
MODULE = "vsvsim.app.main"


def server_command(host: str = "127.0.0.1", port: int = 8765, production: bool = True) -> list[str]:
    """The ``solara run`` command line for the app."""
    cmd = [sys.executable, "-m", "solara", "run", MODULE, "--host", host, "--port", str(port)]
    if production:
        cmd.append("--production")
    return cmd


def serve(host: str = "127.0.0.1", port: int = 8765, production: bool = True) -> int:
    """Run the server until it stops (Ctrl-C); return its exit status.

    Listens on ``host`` only: the loopback address by default, so the app is not reachable
    from other machines unless asked for (``--host 0.0.0.0``).
    """
    env = {
        **os.environ,
        "SOLARA_THEME_SHOW_BANNER": "false",
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false",
    }
    print(f"vsvsim app: http://{host}:{port}/  (Ctrl-C stops it)", flush=True)
    try:
        return subprocess.call(server_command(host, port, production), env=env)
    except KeyboardInterrupt:
        return 0

"""Loopback ports localcloud binds, checked before anything heavy starts so a
taken port fails fast with the variable to change."""
from __future__ import annotations

import errno
import socket

HOST = "127.0.0.1"  # loopback only, by design


class PortInUse(Exception):
    pass


def port_in_use_message(proto: str, port: int, variable: str) -> str:
    return (f"localcloud: {proto} port {port} on {HOST} is already in use; "
            f"stop what uses it or choose another port with {variable}=<port>")


def check_free(port: int, kind: int, variable: str) -> None:
    with socket.socket(socket.AF_INET, kind) as probe:
        if kind == socket.SOCK_STREAM:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            proto = "TCP" if kind == socket.SOCK_STREAM else "UDP"
            raise PortInUse(port_in_use_message(proto, port, variable)) from exc


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    """A loopback port nothing listens on now, for a private localcloud."""
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def check_ports(port: int, xray_port: int) -> None:
    check_free(port, socket.SOCK_STREAM, "LOCALCLOUD_PORT")
    check_free(xray_port, socket.SOCK_DGRAM, "LOCALCLOUD_XRAY_PORT")

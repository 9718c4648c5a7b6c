"""CLI: python -m localcloud serve|up|down|keep|status --port P --xray-port X.

`up --lease NAME` / `down --lease NAME` (and `keep --lease NAME`) go through the
lease ledger that runs sharing one localcloud hold; plain `up` starts it when
needed and `down` stops it whoever started it."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from localcloud.core import lifecycle
from localcloud.core.leases import LeaseLedger
from localcloud.core.paths import DEFAULT_PORT, DEFAULT_XRAY_PORT


def _port(variable: str) -> Callable[[str], int]:
    """An argparse type: a port number 1-65535 (it also names folders under build/)."""
    def parse(text: str) -> int:
        if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 65535):
            raise argparse.ArgumentTypeError(f"{variable}={text!r} is not a port: use a number from 1 to 65535")
        return int(text)
    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m localcloud", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["serve", "up", "down", "keep", "status"])
    # string defaults: argparse checks them with the type, as if given on the command line
    parser.add_argument("--port", type=_port("LOCALCLOUD_PORT"),
                        default=os.environ.get("LOCALCLOUD_PORT", str(DEFAULT_PORT)))
    parser.add_argument("--xray-port", type=_port("LOCALCLOUD_XRAY_PORT"),
                        default=os.environ.get("LOCALCLOUD_XRAY_PORT", str(DEFAULT_XRAY_PORT)))
    parser.add_argument("--lease", metavar="NAME", help="the run holding (up) or releasing (down, keep) a lease")
    parser.add_argument("--holder-pid", type=int, default=os.getppid(),
                        help="the process whose life the lease lasts (default: the caller)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        from localcloud.server import serve  # heavy import (moto): only where needed
        return serve(args.port, args.xray_port)
    if args.command == "status":
        return lifecycle.status(args.port)
    ledger = LeaseLedger(args.port)
    if args.command == "up":
        return ledger.acquire(args.lease, args.holder_pid, args.xray_port) if args.lease \
            else ledger.ensure(args.xray_port)
    if args.command == "keep":
        return ledger.keep(args.lease) if args.lease else _parser().error("keep needs --lease")
    return ledger.release(args.lease) if args.lease else lifecycle.down(args.port)


if __name__ == "__main__":
    sys.exit(main())

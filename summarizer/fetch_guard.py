"""What a fetch may touch, enforced where the socket is made: every read and write is bounded by
the time left until the whole fetch's deadline (a server that sends one header byte every few
seconds never trips a per-read timeout), and a host that resolves to a loopback, private,
link-local or otherwise non-public address is refused unless allowed. The address is checked
after resolution and the connection made to that very address, so a name cannot resolve
differently between the check and the connect.
"""

from __future__ import annotations

import ipaddress
import socket
import time


class PrivateAddress(Exception):
    """The host resolved to an address that is not public."""

    def __init__(self, host: str, address: str) -> None:
        named = host if host == address else f"{host} resolves to {address}, which"
        super().__init__(f"{named} is not a public address")
        self.host, self.address = host, address


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def guarded_backend(httpcore, deadline: float):
    """A network backend for `httpcore`'s connection pool (httpcore or httpcore2) that keeps
    the rules above. `deadline` is a `time.monotonic()` value; `allow_private` is read at each
    connect, so a fetch can allow the first hop (the user's own URL) and not its redirects."""

    def left(timeout: float | None) -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout("the fetch deadline passed")
        return remaining if timeout is None else min(timeout, remaining)

    class Stream(httpcore.NetworkStream):
        def __init__(self, inner) -> None:
            self._inner = inner

        def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            return self._inner.read(max_bytes, left(timeout))

        def write(self, buffer: bytes, timeout: float | None = None) -> None:
            self._inner.write(buffer, left(timeout))

        def close(self) -> None:
            self._inner.close()

        def start_tls(self, ssl_context, server_hostname=None, timeout=None):
            return Stream(self._inner.start_tls(ssl_context, server_hostname, left(timeout)))

        def get_extra_info(self, info: str):
            return self._inner.get_extra_info(info)

    class Backend(httpcore.NetworkBackend):
        allow_private = False

        def __init__(self) -> None:
            self._inner = httpcore.SyncBackend()

        def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
            address = self._resolve(host, port)
            return Stream(self._inner.connect_tcp(address, port, left(timeout), local_address, socket_options))

        def _resolve(self, host: str, port: int) -> str:
            try:
                found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except OSError as exc:
                raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
            addresses = [info[4][0] for info in found]
            if not self.allow_private:
                for address in addresses:  # every address must be public, or a retry could land on one
                    if not is_public(address):
                        raise PrivateAddress(host, address)
            return addresses[0]

        def sleep(self, seconds: float) -> None:
            time.sleep(min(seconds, max(0.0, deadline - time.monotonic())))

    return Backend()

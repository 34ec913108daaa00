"""Which host names and addresses are this machine or a private network, parsed, not compared.

A string comparison with "127.0.0.1" misses 127.0.0.2, 127.1, 0x7f.1, 2130706433, localhost.,
[::ffff:127.0.0.1] and every private range: a production setting pointing at any of them would
send sign-in to a machine that is not HelseID. Numbers are read as the C library reads them
(inet_aton), since that is how a connection to them would be made.
"""

from __future__ import annotations

import ipaddress
import re
import socket

LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")
_NUMERIC = re.compile(r"[0-9a-fA-FxX.]+")

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def address_of(host: str) -> IpAddress | None:
    """The IP address ``host`` spells, in any form the C library accepts; None for a name."""
    host = host.strip("[]").rstrip(".")
    try:
        found: IpAddress = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        if not _NUMERIC.fullmatch(host) or not any(c.isdigit() for c in host):
            return None
        try:
            found = ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped is not None:
        return found.ipv4_mapped
    return found


def is_loopback(host: str) -> bool:
    """This machine: localhost (and names under it) or a loopback address in any spelling."""
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    address = address_of(host)
    return address is not None and address.is_loopback


def is_public(host: str) -> bool:
    """A host that can be a public service on the internet: a dotted name outside the local
    suffixes, or a global unicast address. Loopback, private, link-local, unspecified,
    reserved and multicast addresses, single-label names and local suffixes are not."""
    name = host.lower().rstrip(".")
    if not name or is_loopback(name):
        return False
    address = address_of(name)
    if address is not None:
        return address.is_global and not address.is_multicast
    return "." in name and not name.endswith(LOCAL_SUFFIXES)

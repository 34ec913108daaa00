"""LIS1: the published catalogue (periods, rounds, rules, learning goals), its feeds and services.

Time zone data comes from the pinned ``tzdata`` package, never from the host's
/usr/share/zoneinfo, so that generated feeds are the same bytes on every machine.
This must run before any ``ZoneInfo`` is created, hence here, at package import.
"""

import zoneinfo

zoneinfo.reset_tzpath(to=[])

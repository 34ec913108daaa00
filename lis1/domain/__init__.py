"""The rules of LIS1 as pure functions and values: no I/O, no clock but the one passed in."""

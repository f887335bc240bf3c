"""`svcstd init`: a first charter from a few answers (`first_charter`), asked on a terminal or read from a file."""

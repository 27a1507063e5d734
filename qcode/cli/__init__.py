"""The qcode command line: a thin layer over `qcode.core`, one module per command group.

Each command finds the project, calls one core function and prints the result, as text
for people or as JSON (`--json`, shapes from `qcode.core.serialise`) for scripts. User
mistakes arrive as `QcodeError` and leave as one line on stderr with exit status 1
(`support.QcodeGroup`). `main.py` gathers the commands (the `qcode` script runs
`qcode.cli.main:main`); `qcode open` alone imports the TUI. This file imports nothing, so
no command module and the package import each other.
"""

#!/usr/bin/python3
"""Runs a command on a pseudo-terminal of a given width and copies what it writes to stdout.

usage: pty_run.py COLUMNS [RESIZE_TO] -- COMMAND [ARGS...]

With RESIZE_TO, the terminal is resized once the command has drawn its first progress line
(a carriage return): the kernel then sends the command SIGWINCH, as a terminal emulator does.
Exits with the command's exit status. Only the standard library: runs on any Debian python3.
"""
import fcntl
import os
import pty
import struct
import sys
import termios


def set_size(fd, columns):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))


def main():
    args = sys.argv[1:]
    split = args.index("--")
    sizes, command = [int(a) for a in args[:split]], args[split + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        set_size(0, sizes[0])
        os.execvp(command[0], command)
    resized = len(sizes) < 2
    out = bytearray()
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the command exited and closed the terminal
            break
        if not chunk:
            break
        out += chunk
        if not resized and b"\r" in out:
            set_size(fd, sizes[1])
            resized = True
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(bytes(out))
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()

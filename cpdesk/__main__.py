"""``python -m cpdesk`` and the packaged build's entry point."""

import sys

INTERRUPTED_WHILE_LOADING = "cpdesk: interrupted; nothing was changed."


def _run() -> int:
    import signal

    try:
        from cpdesk.cli import main
    except KeyboardInterrupt:  # Ctrl+C while the program is still loading: nothing has been done yet
        print(INTERRUPTED_WHILE_LOADING, file=sys.stderr)
        return 130
    code = main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the command is done: Ctrl+C now would only add noise
    return code


if __name__ == "__main__":
    try:
        sys.exit(_run())
    except KeyboardInterrupt:  # between the loading and main()'s own handling: still nothing done
        print(INTERRUPTED_WHILE_LOADING, file=sys.stderr)
        sys.exit(130)

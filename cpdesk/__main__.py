"""``python -m cpdesk`` and the packaged build's entry point."""

import sys


def _run() -> int:
    import signal

    from cpdesk.cli import main

    code = main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the command is done: Ctrl+C now would only add noise
    return code


if __name__ == "__main__":
    try:
        from cpdesk.console import prepare_streams

        stop = prepare_streams(sys.argv[1:])  # the windowed program starts with no stdout/stderr
        sys.exit(stop if stop is not None else _run())
    except KeyboardInterrupt:  # while cpdesk loads, before main()'s own handling: nothing has been done yet
        print("cpdesk: interrupted; nothing was changed.", file=sys.stderr)
        sys.exit(130)

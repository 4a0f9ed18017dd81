"""``python -m cpdesk`` and the packaged build's entry point."""

import signal
import sys

if __name__ == "__main__":
    try:
        from cpdesk.cli import main
    except KeyboardInterrupt:  # Ctrl+C while the program is still loading: nothing has been done yet
        print("cpdesk: interrupted; nothing was changed.", file=sys.stderr)
        sys.exit(130)
    code = main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the command is done: Ctrl+C now would only add noise
    sys.exit(code)

"""``python -m cpdesk`` and the packaged build's entry point."""

import sys

from cpdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())

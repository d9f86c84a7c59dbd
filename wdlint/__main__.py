"""``python -m wdlint``: the same as the ``wdlint`` command."""

import sys

from wdlint.cli import main

if __name__ == "__main__":
    sys.exit(main())

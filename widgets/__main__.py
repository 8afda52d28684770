"""``python -m widgets``: see :mod:`widgets.server.cli`."""

import sys

from widgets.server.cli import main

if __name__ == "__main__":
    sys.exit(main())

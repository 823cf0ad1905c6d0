"""``python -m xxgk``: the xxgk command."""

import sys

from .cli import main

sys.exit(main())

"""``python -m vsvsim`` runs the command line."""

import sys

from vsvsim.cli import main

sys.exit(main())

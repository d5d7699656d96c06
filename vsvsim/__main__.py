"""``python -m vsvsim`` runs the command line."""

import sys

from vsvsim.cli import main

# Guarded: worker processes (mpi4py.futures, multiprocessing spawn) import the main module
# again under another name and must not run the command line a second time.
if __name__ == "__main__":
    sys.exit(main())

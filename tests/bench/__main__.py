"""Run the benchmark: ``python -m tests.bench`` (``make bench``)."""

import sys

from tests.bench.run import main

sys.exit(main(sys.argv[1:]))

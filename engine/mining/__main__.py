"""``python -m engine.mining build``: compile the miner (see ``engine.mining.native``)."""

import sys

from engine.mining.native import main

sys.exit(main())

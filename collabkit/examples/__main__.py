"""``python -m collabkit.examples [OUT_DIR]``: write the bundled example projects."""

import sys

from collabkit.examples.bundled import main

sys.exit(main())

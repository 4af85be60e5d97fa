"""`python -m pipeline`: the command line (pipeline/cli.py)."""

import sys

from . import poolserver


def _import_sqlite_utils_alone() -> None:
    """sqlite-utils imports pandas and numpy, when they are installed, only to map their value types to
    column types; the pipeline hands it neither, and importing them was 0.6 s of the 3 s a small ingest
    takes. Imported first with both hidden, sqlite-utils does without them; a later `import pandas`
    (an export, the Dask engine) works as usual."""
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # importing it raises ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            del sys.modules[name]


poolserver.start_early(sys.argv[1:])  # first: the server loads its tables while this process imports
_import_sqlite_utils_alone()

from .cli import main  # noqa: E402

sys.exit(main())

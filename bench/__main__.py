"""`python -m bench` (`make bench`): the benchmarks of issue 6, printed as one table."""

from .run import main

raise SystemExit(main())

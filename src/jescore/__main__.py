"""Allow ``python -m jescore``."""

from jescore.cli import main

main()

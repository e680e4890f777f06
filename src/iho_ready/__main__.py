"""``python -m iho_ready``."""

from .cli import main

if __name__ == "__main__":
    main()

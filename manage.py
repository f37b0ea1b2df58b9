#!/usr/bin/env python
"""Same as ``yzf``: kept for people who expect it."""

from yuezhifa.cli import main

if __name__ == "__main__":
    main()

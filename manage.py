#!/usr/bin/env python
import sys

from tryggve.cli import main

if __name__ == "__main__":
    sys.exit(main())

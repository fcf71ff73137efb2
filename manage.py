#!/usr/bin/env python
from chidao.cli import main

if __name__ == "__main__":
    main()

import sys

from gui.app import main

raise SystemExit(main(sys.argv[1:]))

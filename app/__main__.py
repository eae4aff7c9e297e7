import sys

from livery.cli import main

sys.exit(main())

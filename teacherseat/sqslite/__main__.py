"""``python -m teacherseat.sqslite --host 127.0.0.1 --port 9324``"""

from teacherseat.sqslite.server import main

if __name__ == "__main__":
    main()

"""`python -m nomadqemu` runs the command line."""

from nomadqemu.cli.main import main

if __name__ == "__main__":
    main()

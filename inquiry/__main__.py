"""`python -m inquiry`: the same command as `inquiry`."""

from inquiry.cli import main

if __name__ == "__main__":
    main(prog_name="inquiry")

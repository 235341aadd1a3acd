"""`python -m inquiry`: the same command as `inquiry`."""

from inquiry.entry import run

if __name__ == "__main__":
    run()

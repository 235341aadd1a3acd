"""`inquiry cache`, `inquiry cache info` and `inquiry cache clear`: thin click wrappers over
`inquiry.cache.Cache`, registered on the `inquiry` group by `inquiry.cli`."""

from __future__ import annotations

import click

from inquiry.cli_output import failures


@click.group()
def cache() -> None:
    """The build cache (compiled items, prepared exhibits, pandoc output).

    Builds reuse what they made before, so a rebuild after a small edit is quick; a cached
    build is byte-identical to one made with --no-cache. The cache lives in your user cache
    folder (INQUIRY_CACHE_DIR to move it), is pruned oldest first past INQUIRY_CACHE_MAX
    (e.g. 2G), and is safe to clear at any time. Exit 0 done, 2 usage, 3 the cache cannot
    be read or cleared.

    \b
    Examples:
      inquiry cache info          (where it is, how big)
      inquiry cache clear         (empty it)
    """


@cache.command("clear")
def cache_clear() -> None:
    """Empty the build cache. Exit 0 emptied, 3 it cannot be.

    \b
    Example: inquiry cache clear
    """
    from inquiry.cache import Cache

    with failures("cache clear"):
        freed = Cache().clear()
    click.echo(f"freed {freed:,} bytes")


@cache.command("info")
def cache_info() -> None:
    """Where the build cache is and how big it is. Exit 0, 3 it cannot be read.

    \b
    Example: inquiry cache info
    """
    from inquiry.cache import Cache

    with failures("cache info"):
        store = Cache()
        if store.warning:  # why builds would not use it, or ignore INQUIRY_CACHE_MAX
            from inquiry.problems import inert

            click.echo(f"warning: {inert(store.warning)}", err=True)
        line = f"{store.root}: {store.size():,} bytes (limit {store.max_bytes:,})"
    click.echo(line)

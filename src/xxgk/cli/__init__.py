"""The ``xxgk`` command: a thin click group over the library. Each command's module is imported when the command
runs, so ``xxgk parse`` of a text report loads neither Django nor the readers it does not need."""

from __future__ import annotations

import importlib
import sys

import click

from .. import __version__
from ..errors import XxgkError

# command → the module of ``xxgk.cli`` that defines it, in the order ``xxgk --help`` lists them.
COMMANDS = {
    "parse": "reports", "check": "reports",
    "ingest": "corpus", "demo": "corpus", "coverage": "corpus", "compare": "corpus", "aggregate": "corpus",
    "export": "corpus",
    "agencies": "agencies", "proposals": "agencies", "merge": "agencies", "split": "agencies",
    "findings": "findings", "review": "findings",
}


class Commands(click.Group):
    """A group whose commands are found in ``COMMANDS`` and imported on first use."""

    def list_commands(self, ctx):
        return list(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module = importlib.import_module(f"{__name__}.{COMMANDS[name]}")
        return getattr(module, f"{name}_command")


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xxgk")
def cli():
    """xxgk：读取、核对政府信息公开工作年度报告。

    Read China's government information disclosure annual reports (政府信息公开工作年度报告) from text, HTML,
    Word, Excel/WPS or PDF into structured data (report-json), and check them against the national format.

    \b
    例 / examples:
      xxgk parse 2024年报.pdf            the three tables, readable
      xxgk parse 2024年报.docx --json    report-json
      xxgk check *.html                  findings; exit 1 when any is an error
    """


def main(argv=None) -> int:
    """Run the command; a user's error is one line on stderr and exit 2, never a traceback."""
    try:
        return cli.main(args=argv, prog_name="xxgk", standalone_mode=False) or 0
    except XxgkError as e:
        click.echo(f"xxgk: {e.message}", err=True)
        return 2
    except click.exceptions.Abort:
        click.echo("xxgk: 已中止", err=True)
        return 130
    except click.ClickException as e:
        e.show()
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

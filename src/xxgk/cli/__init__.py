"""The ``xxgk`` command: a thin click group over the library."""

from __future__ import annotations

import sys

import click

from .. import __version__
from ..errors import XxgkError
from .corpus import CORPUS_COMMANDS
from .reports import check_command, parse_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


cli.add_command(parse_command)
cli.add_command(check_command)
for command in CORPUS_COMMANDS:
    cli.add_command(command)


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

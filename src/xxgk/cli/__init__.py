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
    "changes": "agencies", "undo": "agencies",
    "findings": "findings", "review": "findings",
    "jobs": "jobs", "worker": "jobs", "reparse": "jobs", "recheck": "jobs",
    "serve": "web", "createuser": "web",
    "deadline": "register", "calendar": "register", "remind": "register",
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
    except click.UsageError as e:
        click.echo(f"xxgk: {usage_message(e)}", err=True)
        if e.ctx is not None:
            click.echo(e.ctx.get_usage().replace("Usage: ", "用法：", 1) + f"（详见 {e.ctx.command_path} --help）",
                       err=True)
        return 2
    except click.ClickException as e:
        click.echo(f"xxgk: {e.format_message()}", err=True)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as e:
        problem = _database_problem(e)
        if problem is None:
            raise
        click.echo(f"xxgk: {problem}", err=True)
        return 2


def _database_problem(error: Exception) -> str | None:
    """The one line for a database a command could not use; only once a corpus command has loaded Django."""
    if "django.db" not in sys.modules:
        return None
    from ..site.problems import database_problem

    return database_problem(error)


def usage_message(e: click.UsageError) -> str:
    """A mistake on the command line, said in Chinese: which option or argument, and what is wrong with it."""
    param = getattr(e, "param", None)
    name = (param.opts[0] if isinstance(param, click.Option) else param.human_readable_name) if param else None
    if isinstance(e, click.NoSuchOption):
        maybe = f"（是否要用 {'、'.join(e.possibilities)}？）" if e.possibilities else ""
        return f"没有选项 {e.option_name}{maybe}"
    if isinstance(e, click.MissingParameter):
        return f"缺少{'选项' if isinstance(param, click.Option) else '参数'} {name}" if name else "缺少参数"
    if isinstance(e, click.BadParameter):
        if param is not None and isinstance(param.type, click.Choice):
            return f"{name} 应为 {'、'.join(map(str, param.type.choices))} 之一"
        if param is not None and isinstance(param.type, (click.types.IntParamType, click.types.FloatParamType)):
            return f"{name} 应为数字"
        return f"{name} 的值无效：{e.message}" if name else e.message
    if isinstance(e, click.BadOptionUsage) and "requires" in e.message:
        return f"选项 {e.option_name} 需要一个值"
    if e.message.startswith("No such command"):
        return f"没有命令 {e.message.split(None, 3)[-1].rstrip('.')}（可用：{'、'.join(COMMANDS)}）"
    if e.message.startswith("Got unexpected extra argument"):
        return f"多余的参数：{e.message.split('(', 1)[-1].rstrip(')')}"
    return e.message


if __name__ == "__main__":
    sys.exit(main())

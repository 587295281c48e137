"""The click classes of docgen's command line: a group whose commands are imported only when
run (``LazyGroup``, after click's "Lazily Loading Subcommands"), and a command class with
Vietnamese placeholders in the usage line.

A command is registered explicitly with ``cli.add_command(LazyCommand(name, "module:attr",
short_help))``. The group's own ``--help`` lists the commands from those short helps without
importing any command module, so ``docgen --help`` costs little more than ``import click``.
"""
from __future__ import annotations

import importlib
from typing import Any

import click

from .messages import gettext

OPTIONS_METAVAR = "[TÙY_CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [THAM_SỐ]..."


def _metavar(param: click.Parameter) -> str | None:
    """The Vietnamese placeholder for an option's value, by its type (None: click's own, e.g.
    the list of choices)."""
    kind = param.type
    if isinstance(kind, click.Path):
        if kind.file_okay and not kind.dir_okay:
            return "TỆP"
        if kind.dir_okay and not kind.file_okay:
            return "THƯ_MỤC"
        return "ĐƯỜNG_DẪN"
    if isinstance(kind, (click.types.IntParamType, click.types.FloatParamType)):
        return "SỐ"
    if isinstance(kind, click.types.StringParamType):
        return "GIÁ_TRỊ"
    return None


class Command(click.Command):
    """A docgen command: Vietnamese placeholders for options ([TÙY_CHỌN], TỆP, THƯ_MỤC, SỐ …)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, click.Option) and param.metavar is None and not param.is_flag:
                param.metavar = _metavar(param)


class LazyCommand(click.Command):
    """A registered command that is not imported yet: its name, where it lives and its short help.

    :meth:`LazyGroup.get_command` replaces it with the real command on first use; it is never
    invoked itself."""

    def __init__(self, name: str, import_path: str, short_help: str) -> None:
        super().__init__(name, short_help=short_help)
        self.import_path = import_path

    def load(self) -> click.Command:
        module_name, _, attr = self.import_path.partition(":")
        command = getattr(importlib.import_module(module_name), attr)
        if not isinstance(command, click.Command) or command.name != self.name:
            raise TypeError(f"{self.import_path} is not the click command {self.name!r}")
        if command.short_help is None:
            command.short_help = self.short_help
        return command


class LazyGroup(click.Group):
    """A click group whose :class:`LazyCommand` entries are imported when first looked up."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = self.commands.get(cmd_name)
        if isinstance(command, LazyCommand):
            command = self.commands[cmd_name] = command.load()
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help`` from the registered short helps (nothing imported)."""
        commands = [(name, self.commands[name]) for name in self.list_commands(ctx)
                    if not self.commands[name].hidden]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        with formatter.section(gettext("Commands")):
            formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in commands])

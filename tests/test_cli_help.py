"""Every command has help text with usage examples, and the README shows each one."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from apiref.cli import cli, main  # noqa: F401

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    from apiref.cli import cmd_audit, cmd_chunk, cmd_convert, cmd_history, cmd_mcp, cmd_scrape, cmd_search, cmd_uses  # noqa: F401  (registers them)

    return sorted(cli.commands)


def test_the_cli_has_the_commands_the_issues_name():
    named = {"scrape", "convert", "chunk", "excerpt", "prompt", "llms", "diff", "history", "changelog", "search", "mcp",
             "audit"}
    assert named <= set(commands())


@pytest.mark.parametrize("name", commands())
def test_command_has_help_with_usage(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert f"apiref {name}" in result.output  # the docstring's own examples


@pytest.mark.parametrize("name", commands())
def test_readme_shows_command(name):
    assert f"apiref {name} " in README, f"README.md never shows `apiref {name}`"


def test_each_command_is_loaded_from_the_module_the_group_names():
    from apiref.cli import COMMANDS

    names = commands()
    assert set(names) == set(COMMANDS)
    for name in names:
        assert cli.commands[name].callback.__module__ == f"apiref.cli.{COMMANDS[name]}", name


def test_a_command_loads_its_own_module_only():
    import subprocess
    import sys

    probe = ("import sys\nfrom click.testing import CliRunner\nfrom apiref.cli import cli\n"
             "out = CliRunner().invoke(cli, ['scrape', '--help']).output\n"
             "print(sorted(m for m in sys.modules if m.startswith('apiref.cli.cmd_')), 'Usage:' in out)\n"
             "listed = CliRunner().invoke(cli, ['--help']).output.split('Commands:')[1].splitlines()\n"
             "print(sorted(line.split()[0] for line in listed if line.strip()))")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    lines = run.stdout.splitlines()
    assert lines[0] == "['apiref.cli.cmd_scrape'] True"
    assert lines[1] == str(sorted(cli.list_commands(None)))  # the group's help lists every command

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

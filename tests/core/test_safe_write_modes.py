"""Exports get the permissions of an ordinary file (colleagues read them on shared drives), and a
folder or disk that refuses the file gives one line naming the file and the reason."""

from __future__ import annotations

import errno
import os
import stat
import zipfile

import pytest

from cpdesk.export import safe_write
from cpdesk.export.safe_write import ExportError, write_safely

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes and umask are POSIX")


@pytest.fixture
def umask():
    """Set the process umask for one test and put the old one back."""
    previous = os.umask(0o022)
    yield lambda mask: os.umask(mask)
    os.umask(previous)


def write_text(name: str) -> None:
    with open(name, "w", encoding="utf-8") as file:
        file.write("figures\n")


def mode_of(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_a_new_export_gets_the_mode_the_umask_gives(tmp_path, umask, mask, expected):
    umask(mask)
    target = write_safely(tmp_path / "figures.csv", write_text)
    assert mode_of(target) == expected


@pytest.mark.parametrize("existing", [0o644, 0o600, 0o664])
def test_an_overwritten_export_keeps_its_mode(tmp_path, umask, existing):
    umask(0o022)
    target = tmp_path / "figures.csv"
    target.write_text("old\n")
    os.chmod(target, existing)
    write_safely(target, write_text)
    assert target.read_text() == "figures\n"
    assert mode_of(target) == existing


def test_a_writer_that_replaces_its_file_still_gives_an_ordinary_mode(tmp_path, umask):
    """The validation report writes its own owner-only temporary file and renames it onto ours."""
    umask(0o022)

    def replace_with_private_file(name: str) -> None:
        private = f"{name}.private"
        os.close(os.open(private, os.O_WRONLY | os.O_CREAT, 0o600))
        with zipfile.ZipFile(private, "w") as workbook:  # keeps the owner-only mode it was created with
            workbook.writestr("[Content_Types].xml", "<Types/>")
        os.replace(private, name)

    target = write_safely(tmp_path / "report.xlsx", replace_with_private_file)
    assert mode_of(target) == 0o644


def refuse_to_create(monkeypatch, error: OSError) -> None:
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise error
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(safe_write.os, "open", refuse)


def test_a_folder_that_refuses_the_file_gives_one_plain_line(tmp_path, monkeypatch):
    refuse_to_create(monkeypatch, PermissionError(errno.EACCES, "Permission denied"))
    with pytest.raises(ExportError) as caught:
        write_safely(tmp_path / "figures.csv", write_text)
    message = str(caught.value)
    assert message.startswith(f"Could not write {tmp_path / 'figures.csv'}: you are not allowed to write")
    assert not message.lower().startswith("cpdesk")  # the command line adds "cpdesk: " itself
    assert os.listdir(tmp_path) == []


def test_a_full_disk_while_writing_gives_one_plain_line_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "figures.csv"
    target.write_text("the previous export\n")

    def fill_the_disk(_name: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ExportError, match=r"^The disk is full: 'figures.csv' was not written; your previous"):
        write_safely(target, fill_the_disk)
    assert target.read_text() == "the previous export\n"
    assert os.listdir(tmp_path) == ["figures.csv"]

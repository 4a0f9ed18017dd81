"""The installer's pieces that can be checked without Windows: the icon file's sizes (read from its own
header, not through Qt) and the Inno Setup script's sections and keys (ISCC runs on Windows only)."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml  # the test extra's PyYAML

from cpdesk import paths
from tests.core.test_packaging import spec_value

REPO = Path(__file__).resolve().parents[2]
ICONS = REPO / "resources" / "icons"
ISS = REPO / "packaging" / "cpdesk.iss"
ICO_SIZES = [16, 24, 32, 48, 64, 256]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def icon_directory(data: bytes) -> list[tuple[int, int, bytes]]:
    """(declared width, declared height, stored bytes) for each image an .ico file's directory lists."""
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1), "not an icon file"
    images = []
    for index in range(count):
        width, height, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        assert offset + length <= len(data), f"image {index} runs past the end of the file"
        images.append((width or 256, height or 256, data[offset:offset + length]))
    return images


def stored_size(image: bytes) -> tuple[int, int]:
    """The width and height an icon image's own header says: a PNG's IHDR, or a bitmap's info header
    (whose height counts the colour rows and the mask rows, so twice the icon's)."""
    if image.startswith(PNG_SIGNATURE):
        return struct.unpack_from(">II", image, 16)
    header_size, width, height = struct.unpack_from("<Iii", image)
    assert header_size == 40, "a bitmap icon image starts with a BITMAPINFOHEADER"
    return width, height // 2


def test_the_ico_holds_every_size_windows_asks_for():
    images = icon_directory((ICONS / "cpdesk.ico").read_bytes())
    assert [width for width, _, _ in images] == ICO_SIZES
    for width, height, image in images:
        assert width == height
        assert stored_size(image) == (width, height), f"the {width} px image is stored at another size"


def test_the_256_px_image_is_a_png_and_the_small_ones_bitmaps():
    images = {width: image for width, _, image in icon_directory((ICONS / "cpdesk.ico").read_bytes())}
    assert images[256].startswith(PNG_SIGNATURE)  # Windows reads 256 px icons as PNG
    assert not any(images[size].startswith(PNG_SIGNATURE) for size in ICO_SIZES[:-1])


def test_the_installer_wizards_corner_images_are_24_bit_bitmaps():
    for size in (55, 110):
        data = (ICONS / f"cpdesk-setup-{size}.bmp").read_bytes()
        assert data[:2] == b"BM"
        width, height, _planes, bits = struct.unpack_from("<iiHH", data, 18)
        assert (width, height, bits) == (size, size, 24)


def test_the_png_icon_is_256_px():
    data = (ICONS / "cpdesk.png").read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert stored_size(data) == (256, 256)


def test_a_truncated_icon_is_caught():
    data = (ICONS / "cpdesk.ico").read_bytes()
    with pytest.raises(AssertionError, match="past the end"):
        icon_directory(data[: len(data) // 2])


def test_the_app_finds_its_icon_in_the_resources():
    assert paths.icon_file() == paths.resources_dir() / "icons" / "cpdesk.ico"
    assert paths.icon_file().is_file()
    assert paths.icon_file(".png").is_file()


# The Inno Setup script -------------------------------------------------------------------------------

ENTRY_PARAMETER = re.compile(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)')


def iss_defines(text: str) -> dict[str, str]:
    return dict(re.findall(r'^#define (\w+) "([^"]*)"', text, flags=re.MULTILINE))


def iss_sections(text: str) -> dict[str, list[str]]:
    """Each section's lines, with the script's own #defines put in and comments left out."""
    defines = iss_defines(text)
    sections: dict[str, list[str]] = {}
    current = None
    for raw in text.splitlines():
        line = re.sub(r"\{#(\w+)\}", lambda m: defines.get(m.group(1), m.group(0)), raw.strip())
        if not line or line.startswith((";", "#")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        else:
            assert current is not None, f"a line outside any section: {raw}"
            current.append(line)
    return sections


def setup_keys(sections: dict[str, list[str]]) -> dict[str, str]:
    return dict(line.split("=", 1) for line in sections["Setup"])


def entries(sections: dict[str, list[str]], name: str) -> list[dict[str, str]]:
    """A section's entries (``Name: "x"; Flags: y``) as dicts, quotes taken off as Inno takes them."""
    parsed = []
    for line in sections.get(name, []):
        entry = {}
        for key, value in ENTRY_PARAMETER.findall(line):
            if value.startswith('"'):
                value = value[1:-1].replace('""', '"')
            entry[key] = value.strip()
        parsed.append(entry)
    return parsed


@pytest.fixture(scope="module")
def iss() -> dict[str, list[str]]:
    return iss_sections(ISS.read_text(encoding="utf-8"))


def iss_code(text: str) -> str:
    """The script's [Code] section (Pascal Script), as written."""
    return text.split("\n[Code]\n", 1)[1] if "\n[Code]\n" in text else ""


def pascal_function(code: str, name: str) -> str:
    match = re.search(rf"^function {name}\(.*?^end;", code, flags=re.MULTILINE | re.DOTALL)
    assert match, f"[Code] has no function {name}"
    return match.group(0)


def test_the_install_is_per_user_by_default_and_for_all_users_on_request(iss):
    setup = setup_keys(iss)
    assert setup["PrivilegesRequired"] == "lowest"  # no UAC prompt unless all users are asked for
    # /ALLUSERS on the command line (SCCM, Intune) and "Install for all users" in the first dialog.
    assert set(setup["PrivilegesRequiredOverridesAllowed"].split()) == {"commandline", "dialog"}
    for entry in entries(iss, "Registry"):
        assert entry["Root"] == "HKA", entry  # HKLM for all users, HKCU for one
    for entry in entries(iss, "Icons"):
        assert entry["Name"].startswith(("{autoprograms}\\", "{autodesktop}\\")), entry


def test_the_install_folder_follows_the_mode(iss):
    """Program Files for all users, %LOCALAPPDATA%\\Programs for one, spelt out in [Code] ({userpf} is
    what Wine cannot expand)."""
    assert setup_keys(iss)["DefaultDirName"] == "{code:DefaultInstallDir}"
    function = pascal_function(iss_code(ISS.read_text(encoding="utf-8")), "DefaultInstallDir")
    branches = re.search(r"if IsAdminInstallMode then\s+Result := ExpandConstant\('([^']+)'\)\s+"
                         r"else\s+Result := ExpandConstant\('([^']+)'\)", function)
    assert branches, function
    assert branches.groups() == ("{commonpf}\\{#AppName}", "{localappdata}\\Programs\\{#AppName}")
    assert iss_defines(ISS.read_text(encoding="utf-8"))["AppName"] == "cpdesk"


def test_setup_refuses_windows_older_than_10(iss):
    assert setup_keys(iss)["MinVersion"] == "10.0"  # PySide6 (Qt 6) runs on Windows 10 and later


def test_the_version_comes_from_the_command_line(iss):
    text = ISS.read_text(encoding="utf-8")
    assert re.search(r"^#ifndef AppVersion\n\s+#error .*ISCC /DAppVersion=", text, flags=re.MULTILINE)
    setup = setup_keys(iss)
    assert setup["AppVersion"] == "{#AppVersion}"
    assert setup["OutputBaseFilename"] == "cpdesk-{#AppVersion}-setup"


def test_pyprojects_version_is_one_windows_takes_as_version_information():
    """VersionInfoVersion (and the programs' version resource) take up to four numbers: a version such as
    0.2.0rc1 would stop ISCC on Windows, so it fails here first."""
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert re.fullmatch(r"\d+(\.\d+){0,3}", version), version
    assert all(int(part) <= 65535 for part in version.split("."))


def test_the_taskbar_id_is_the_one_the_running_app_takes(iss):
    from cpdesk.app import APP_USER_MODEL_ID

    shortcuts = [entry for entry in entries(iss, "Icons") if entry["Filename"] == "{app}\\cpdesk.exe"]
    assert len(shortcuts) == 2
    assert {entry["AppUserModelID"] for entry in shortcuts} == {APP_USER_MODEL_ID}


def test_the_app_id_is_a_fixed_guid(iss):
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup_keys(iss)["AppId"])


def test_the_icon_and_the_built_folder_are_where_the_script_says(iss):
    setup = setup_keys(iss)
    source = (ISS.parent / setup["SourceDir"]).resolve()
    assert source == REPO
    assert (source / setup["SetupIconFile"].replace("\\", "/")) == ICONS / "cpdesk.ico"
    assert setup["UninstallDisplayIcon"] == "{app}\\cpdesk.exe"
    corner = [source / name.replace("\\", "/") for name in setup["WizardSmallImageFile"].split(",")]
    assert corner == [ICONS / "cpdesk-setup-55.bmp", ICONS / "cpdesk-setup-110.bmp"]
    (files,) = entries(iss, "Files")
    assert files["Source"] == "dist\\cpdesk\\*" and files["DestDir"] == "{app}"
    assert {"recursesubdirs", "createallsubdirs"} <= set(files["Flags"].split())


def test_both_programs_the_spec_builds_are_named(iss):
    programs = spec_value("PROGRAMS")  # name: (console, description)
    windowed = [name for name, (console, _) in programs.items() if not console]
    console = [name for name, (console, _) in programs.items() if console]
    defines = iss_defines(ISS.read_text(encoding="utf-8"))
    assert [defines["AppExe"]] == [f"{name}.exe" for name in windowed]
    assert [defines["CliExe"]] == [f"{name}.exe" for name in console]


def test_the_start_menu_has_cpdesk_and_the_desktop_icon_is_a_choice(iss):
    icons = {entry["Name"]: entry for entry in entries(iss, "Icons")}
    assert icons["{autoprograms}\\cpdesk"]["Filename"] == "{app}\\cpdesk.exe"
    assert icons["{autoprograms}\\cpdesk command line"]["Parameters"] == "/k cpdesk-cli.exe --help"
    assert icons["{autodesktop}\\cpdesk"]["Tasks"] == "desktopicon"
    tasks = {entry["Name"]: entry for entry in entries(iss, "Tasks")}
    assert "unchecked" in tasks["desktopicon"]["Flags"]


def test_open_with_adds_cpdesk_for_xlsx_and_csv_without_taking_the_default(iss):
    registry = entries(iss, "Registry")
    assert all(entry["Tasks"] == "openwith" for entry in registry)
    keys = {(entry["Subkey"], entry["ValueName"]): entry for entry in registry}
    for extension in (".xlsx", ".csv"):
        listed = keys[(f"Software\\Classes\\{extension}\\OpenWithProgids", "cpdesk.workbook")]
        # A value named after the ProgID; "none" would make Inno Setup create the key and no value.
        assert (listed["ValueType"], listed["ValueData"]) == ("string", "")
        assert listed["Flags"] == "uninsdeletevalue"
        assert f"Software\\Classes\\{extension}" not in {subkey for subkey, _ in keys}  # the default stays
        assert keys[("Software\\Classes\\Applications\\cpdesk.exe\\SupportedTypes", extension)]
    for prog_id in ("cpdesk.workbook", "Applications\\cpdesk.exe"):
        command = keys[(f"Software\\Classes\\{prog_id}\\shell\\open\\command", "")]
        assert command["ValueData"] == '"{app}\\cpdesk.exe" "%1"'  # the windowed program, the file quoted
        (root,) = [entry for entry in registry if entry["Subkey"] == f"Software\\Classes\\{prog_id}"]
        assert root["Flags"] == "uninsdeletekey"  # the uninstaller takes the whole key away
    assert setup_keys(iss)["ChangesAssociations"] == "yes"


def test_the_uninstaller_leaves_the_officers_data(iss):
    """The database, settings and backups live in %LOCALAPPDATA%\\cpdesk: never the install folder, and
    nothing removes files the installer did not put there."""
    assert "UninstallDelete" not in iss and "InstallDelete" not in iss
    code = iss_code(ISS.read_text(encoding="utf-8"))
    assert re.findall(r"^function (\w+)", code, flags=re.MULTILINE) == ["DefaultInstallDir"]
    assert not re.search(r"Del(Tree|eteFile)|RemoveDir|Uninstall", code)
    assert "{localappdata}\\cpdesk" not in ISS.read_text(encoding="utf-8").lower()
    for entry in entries(iss, "Files"):
        assert "uninsneveruninstall" not in entry.get("Flags", "")


def readme_section(title: str) -> str:
    readme = (REPO / "packaging" / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^(#+) {re.escape(title)}\n(.*?)(?=^#{{1,3}} |\Z)", readme,
                      flags=re.MULTILINE | re.DOTALL)
    assert match, f"packaging/README.md has no section {title!r}"
    return match.group(2)


def test_the_readme_says_what_the_uninstaller_keeps_and_how_to_remove_it():
    from cpdesk.store.backups import FOLDER
    from cpdesk.store.credentials import KEYRING_SERVICE

    kept = readme_section("What the uninstaller keeps")
    assert "%LOCALAPPDATA%\\cpdesk" in kept and "delete the folder" in kept  # the data folder
    assert f"`{FOLDER}` folder beside each database" in kept  # the backups, where cpdesk puts them
    assert "Credential Manager" in kept and f"`{KEYRING_SERVICE}`" in kept  # a team database's password
    assert "cmdkey /delete:" in kept and "Remove" in kept


def test_the_readme_gives_the_managed_deployment_commands(iss):
    deploy = readme_section("Deploying for all users (SCCM, Intune, Group Policy)")
    setup = setup_keys(iss)
    installer = setup["OutputBaseFilename"].replace("{#AppVersion}", "0.1.0") + ".exe"
    assert f"{installer} /ALLUSERS /VERYSILENT /SUPPRESSMSGBOXES /NORESTART" in deploy
    assert '"C:\\Program Files\\cpdesk\\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART' in deploy
    app_id = setup["AppId"][1:]  # the script doubles the opening brace
    assert f"CurrentVersion\\Uninstall\\{app_id}_is1" in deploy
    assert "AppLocker" in deploy and "SYSTEM" in deploy


def test_the_readme_covers_a_proxy_a_blocked_command_prompt_and_a_non_admin_inno_setup():
    proxy = readme_section("Behind a proxy or TLS inspection")
    for setting in ("PIP_PROXY", "pip config set global.proxy", "PIP_CERT", "PIP_INDEX_URL"):
        assert setting in proxy, setting
    programs = readme_section("The two programs")
    assert "cmd.exe /k" in programs and "PowerShell" in programs and "windowed program only" in programs
    assert '& "$env:ProgramFiles\\cpdesk\\cpdesk-cli.exe"' in programs
    troubleshooting = readme_section("Troubleshooting")
    assert "cpdesk.log" in troubleshooting and "PowerShell" in troubleshooting
    steps = readme_section("Building the Windows installer, step by step")
    assert "Install for me only" in steps and re.search(r"choco install innosetup.*administrator", steps,
                                                         flags=re.DOTALL)


def test_the_readme_says_the_linux_build_needs_the_build_machines_glibc():
    linux = readme_section("Linux")
    assert "glibc 2.36" in linux and "Debian 12" in linux
    assert "oldest distribution" in linux


def test_the_readme_starts_python_3_11_on_windows():
    """`py` alone starts the newest Python installed; the workflow pins 3.11."""
    readme = (REPO / "packaging" / "README.md").read_text(encoding="utf-8")
    assert "py -3.11 dev.py package" in readme
    assert not re.search(r"\bpy dev\.py", readme)


# The Windows workflow --------------------------------------------------------------------------------

WORKFLOW = REPO / ".github" / "workflows" / "windows-package.yml"
# What the workflow runs, each as packaging/README.md tells a person to run it.
README_COMMANDS = [
    "py -3.11 dev.py package",
    "choco install innosetup",
    'ISCC.exe" /DAppVersion=',
    "packaging\\cpdesk.iss",
]


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def workflow_runs(workflow: dict) -> list[str]:
    return [step["run"] for step in workflow["jobs"]["package"]["steps"] if "run" in step]


def test_the_workflow_builds_on_windows_with_python_3_11(workflow):
    job = workflow["jobs"]["package"]
    assert job["runs-on"] == "windows-latest"
    (setup,) = [step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python@")]
    assert setup["with"]["python-version"] == "3.11"
    py_calls = re.findall(r"(?<![\w.])py\b(?: -[\d.]+)?", "\n".join(workflow_runs(workflow)))
    assert py_calls and set(py_calls) == {"py -3.11"}  # that Python, not the newest on the runner
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request", "workflow_dispatch"} <= set(triggers)


def test_a_pull_request_that_changes_what_the_package_is_built_from_runs_the_workflow(workflow):
    """dev.py and setup.py build it; the spec packs the top-level folders it names (root / "...")."""
    triggers = workflow.get("on", workflow.get(True))
    watched = set(triggers["pull_request"]["paths"])
    spec = (REPO / "packaging" / "cpdesk.spec").read_text(encoding="utf-8")
    packed = set(re.findall(r'root / "([^"]+)"', spec))
    assert {"resources", "sample_workbooks", "cpdesk", "pyproject.toml"} <= packed
    for name in packed | {"dev.py", "setup.py", "packaging"}:
        assert name in watched or f"{name}/**" in watched, f"a change to {name} does not run the workflow"


def test_the_workflow_leaves_the_built_apps_checks_to_dev_py(workflow):
    """dev.py package runs the built console program's --version and --smoke-test and fails with them;
    the workflow does not run them a second time."""
    runs = "\n".join(workflow_runs(workflow))
    assert "--smoke-test" not in runs and "--version" not in runs
    dev = (REPO / "dev.py").read_text(encoding="utf-8")
    assert '"--smoke-test"' in dev and '"--version"' in dev and "def check_built_app" in dev


def test_the_workflow_runs_what_the_readme_names_in_order(workflow):
    runs = "\n".join(workflow_runs(workflow))
    readme = (REPO / "packaging" / "README.md").read_text(encoding="utf-8")
    positions = []
    for command in README_COMMANDS:
        assert command in runs, f"the workflow does not run {command!r}"
        assert command in readme, f"packaging/README.md does not name {command!r}"
        positions.append(runs.index(command))
    assert positions == sorted(positions), "the workflow runs the steps in another order than the README"


def test_the_workflow_reads_the_version_that_pyproject_holds(workflow):
    """The step's own Python line, run here, gives pyproject.toml's version."""
    (step,) = [step for step in workflow["jobs"]["package"]["steps"] if step.get("id") == "version"]
    code = re.search(r'py -3\.11 -c "([^"]+)"', step["run"]).group(1)
    said = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert said.stdout.strip() == tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert "/DAppVersion=${{ steps.version.outputs.version }}" in "\n".join(workflow_runs(workflow))


def test_the_uploaded_artifact_is_the_installer_the_script_writes(workflow, iss):
    (upload,) = [step for step in workflow["jobs"]["package"]["steps"]
                 if step.get("uses", "").startswith("actions/upload-artifact@")]
    setup = setup_keys(iss)
    expected = f"{setup['OutputDir']}/{setup['OutputBaseFilename']}.exe".replace("\\", "/")
    assert upload["with"]["path"] == expected.replace("{#AppVersion}", "*")
    assert upload["with"]["if-no-files-found"] == "error"

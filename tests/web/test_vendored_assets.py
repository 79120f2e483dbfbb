"""The front-end files the pages load are committed copies of what package-lock.json installs:
byte for byte, each with its licence, and nothing else in the folder. ``scripts/test`` runs
``npm ci`` first; without node_modules this test fails and says so, it never skips."""

from __future__ import annotations

import configparser
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def vendoring():
    spec = importlib.util.spec_from_file_location("vendor_assets",
                                                  ROOT / "scripts" / "vendor_assets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_vendored_file_is_byte_identical_to_what_the_lockfile_installs():
    vendor = vendoring()
    assert vendor.NODE_MODULES.is_dir(), "node_modules is missing: run `npm ci` (scripts/test does)"
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    for name, source in vendor.VENDORED.items():
        package = source.split("/")[0]
        installed = json.loads((vendor.NODE_MODULES / package / "package.json").read_text())
        assert installed["version"] == lock[f"node_modules/{package}"]["version"], (
            f"node_modules/{package} is not the locked version: run `npm ci`")
        assert (vendor.VENDOR / name).read_bytes() == (vendor.NODE_MODULES / source).read_bytes(), (
            f"{name} differs from node_modules/{source}: run scripts/vendor_assets.py")


def test_the_vendor_folder_holds_exactly_the_vendored_files_each_with_a_licence():
    vendor = vendoring()
    held = {path.name for path in vendor.VENDOR.iterdir()}
    assert held == set(vendor.VENDORED)
    packages = {source.split("/")[0] for source in vendor.VENDORED.values()}
    licensed = {source.split("/")[0] for source in vendor.VENDORED.values()
                if Path(source).name.startswith("LICENSE")}
    assert packages == licensed


def test_the_pages_packages_are_dependencies_and_the_test_tools_dev_dependencies():
    manifest = json.loads((ROOT / "package.json").read_text())
    vendored = {source.split("/")[0] for source in vendoring().VENDORED.values()}
    assert set(manifest["dependencies"]) == vendored
    assert "axe-core" in manifest["devDependencies"]
    # Exact versions: the lockfile pins them anyway, and the manifest should say the same.
    assert all(version[0].isdigit() for version in
               [*manifest["dependencies"].values(), *manifest["devDependencies"].values()])


def test_every_template_and_static_file_of_the_pages_installs_with_the_package():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    web = ROOT / "service" / "web"
    patterns = [p.strip() for p in config["options.package_data"]["service.web"].split(",")]
    declared = {path for pattern in patterns for path in web.glob(pattern) if path.is_file()}
    files = {path for folder in ("templates", "static") for path in (web / folder).rglob("*")
             if path.is_file()}
    assert files - declared == set()

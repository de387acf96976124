"""Build-time layout only; the project's metadata is in pyproject.toml.

collabkit's run-time files live at the top of the repository (``data/``,
``templates/``, ``notebooks/``: the design card's layout). Here they are
mapped into the wheel as package data under ``collabkit/_bundle/``, where
``collabkit.resources`` finds them through ``importlib.resources``.
"""

from setuptools import find_namespace_packages, find_packages, setup

FOLDERS = ("data", "templates", "notebooks")
SKIP = ["*.ipynb_checkpoints*", "*__pycache__*"]


def bundled_packages(folder: str) -> list[str]:
    """The folder and each folder inside it, as packages of ``collabkit._bundle``."""
    inner = find_namespace_packages(where=folder, exclude=SKIP)
    return [f"collabkit._bundle.{folder}"] + [f"collabkit._bundle.{folder}.{name}" for name in inner]


bundle = [name for folder in FOLDERS for name in bundled_packages(folder)]

setup(
    packages=find_packages(include=["collabkit", "collabkit.*"]) + bundle,
    package_dir={f"collabkit._bundle.{folder}": folder for folder in FOLDERS},
    package_data={"collabkit": ["py.typed"], **{name: ["*"] for name in bundle}},
    exclude_package_data={name: ["*.lock", ".*.lock", "*.pyc"] for name in bundle},
)

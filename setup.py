"""Build-time layout only; the project's metadata is in pyproject.toml.

collabkit's run-time files live at the top of the repository (``data/``,
``templates/``, ``notebooks/``: the design card's layout). Here they are
mapped into the wheel as package data under ``collabkit/_bundle/``, where
``collabkit.resources`` finds them through ``importlib.resources``.
"""

from setuptools import find_packages, setup

BUNDLE = {f"collabkit._bundle.{folder}": folder for folder in ("data", "templates", "notebooks")}

setup(
    packages=find_packages(include=["collabkit", "collabkit.*"]) + list(BUNDLE),
    package_dir=BUNDLE,
    package_data={"collabkit": ["py.typed"], **{name: ["**/*"] for name in BUNDLE}},
    exclude_package_data={name: ["**/.ipynb_checkpoints/*", "**/*.lock", "**/.*.lock"]
                          for name in BUNDLE},
)

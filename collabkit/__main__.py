"""``python -m collabkit`` runs the command line."""

from collabkit.cli import main

if __name__ == "__main__":
    main(prog_name="collabkit")

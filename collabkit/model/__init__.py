"""The Collaborative Model as data: steps, checklists, activities, tips, tools and codes.

Everything a facilitator or evaluator reads about the model lives in
``data/model/*.yaml``; this package loads it (``loading``) and checks it
(``checks``) so that the rest of collabkit never hard-codes a list twice.

Modules
-------
loading  the :class:`Model` and :func:`load_model` (cached per folder)
checks   structural checks of the model files, with every problem listed
patterns the stuck patterns of tools.yaml and the thresholds that find them
"""

from collabkit.model.loading import (
    ENV_VAR,
    MODEL_FILES,
    REQUIRED_CODES,
    Model,
    RoleGroup,
    load_model,
    read_yaml_file,
)

__all__ = [
    "ENV_VAR",
    "MODEL_FILES",
    "REQUIRED_CODES",
    "Model",
    "RoleGroup",
    "load_model",
    "read_yaml_file",
]

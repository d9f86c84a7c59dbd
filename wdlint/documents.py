"""Files that are not Python source but hold training code or its settings.

Notebooks (``wdlint.notebooks``) and config files (``wdlint.configs``) enter
the one analysis path here, chosen by suffix; the engine and ``fix`` call
these two functions and know nothing else about either format.
"""

from __future__ import annotations

from wdlint.notebooks import SUFFIX as NOTEBOOK_SUFFIX

CONFIG_SUFFIXES = (".yaml", ".yml", ".json")
SUFFIXES = (NOTEBOOK_SUFFIX, *CONFIG_SUFFIXES)


def is_document(path: str) -> bool:
    return path.endswith(SUFFIXES)


def lint_document(text: str, path: str, options, *, apply_noqa: bool = True, fix_settings=None) -> list:
    """Findings for a notebook or a config file (``path`` says which)."""
    from wdlint import engine

    if path.endswith(NOTEBOOK_SUFFIX):
        from wdlint.notebooks import lint_notebook

        def lint_python(module_text: str, module_path: str) -> list:
            return engine.lint_text(module_text, module_path, options, apply_noqa=apply_noqa, fix_settings=fix_settings)

        return lint_notebook(text, path, lint_python)
    from wdlint.configs.lint import lint_config

    return lint_config(text, path, options, apply_noqa=apply_noqa)


def fix_document(source: bytes, path: str, options, fix_style, is_selected, *, apply_noqa: bool, decay_embeddings: bool):
    """``fix_source`` for a notebook or a config file."""
    from wdlint.fix.apply import fix_source

    if path.endswith(NOTEBOOK_SUFFIX):
        from wdlint.notebooks import fix_notebook

        def fix_python(module_source: bytes, module_path: str):
            return fix_source(
                module_source, module_path, options, fix_style, is_selected,
                apply_noqa=apply_noqa, decay_embeddings=decay_embeddings,
            )

        return fix_notebook(source, path, fix_python)
    from wdlint.configs.fix import fix_config

    return fix_config(source, path, options, is_selected, apply_noqa=apply_noqa)
